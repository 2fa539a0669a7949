"""Two runs of one partition never interleave: the second is refused at once, or waits its turn."""

import threading

from jirasync_dagster.warehouse import PartitionBusyError
from jirasync_dagster_tests.sync.helpers import (
    HookedClient,
    client_for,
    ready_warehouse,
    run_sync,
    sandbox_view,
    sync,
    warehouse_view,
)


def test_second_run_is_refused_or_waits_and_the_table_stays_exact(sandbox, database_url):
    warehouse, mappings = ready_warehouse(database_url)
    jira = sandbox.instance("instance_2")
    outcome: dict = {}
    once = threading.Lock()  # sliced reads call the hook from several threads
    waiter = threading.Thread(target=lambda: outcome.setdefault(
        "waited", sync(sandbox, warehouse, mappings, "instance_2:ENG", lock_wait_seconds=30)))

    def start_rivals_once(_jql):
        # Called while the first run is mid-read and holds the partition.
        if not once.acquire(blocking=False):
            return
        try:
            sync(sandbox, warehouse, mappings, "instance_2:ENG")
        except PartitionBusyError as refused:
            outcome["refused"] = str(refused)
        jira.update_issue(jira.snapshot("ENG")[0]["key"])  # work for the waiting run
        waiter.start()

    client = client_for(sandbox, "instance_2")
    client.page_size = 10
    first = run_sync(HookedClient(client, start_rivals_once), warehouse, mappings, "instance_2:ENG")
    client.close()
    waiter.join()
    assert "instance_2:ENG is being synced by another run" in outcome["refused"]
    second = outcome["waited"]
    # It began after the first had committed: it started from the first run's watermark.
    assert second.mode == "incremental" and second.watermark_before == first.watermark_after
    assert second.as_metadata()["watermark_before"] == first.as_metadata()["watermark_after"] != "none"
    assert first.as_metadata()["watermark_before"] == "none"
    assert warehouse_view(warehouse, "instance_2") == sandbox_view(sandbox, "instance_2", "ENG")
    warehouse.dispose()
