"""JIRA's clock (the HTTP Date header) has whole seconds and is stamped after the query ran."""

from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster.sandbox.timefmt import now_ms
from jirasync_dagster.sync.jql import epoch_ms
from jirasync_dagster_tests.sync.helpers import (
    HookedClient,
    client_for,
    ready_warehouse,
    run_sync,
    sandbox_view,
    warehouse_view,
)


def test_change_in_the_second_before_the_date_header_is_not_lost(database_url):
    warehouse, mappings = ready_warehouse(database_url)
    with SandboxServer([InstanceSpec("instance_1", "cloud", issues=20, seed=2, projects=("ENG",))]) as server:
        jira = server.instance("instance_1")
        first, *_, last = sorted(jira.snapshot(), key=lambda s: s["id"])
        client = client_for(server, "instance_1")
        client.page_size = 5
        pages = []

        def overtake(_jql):
            pages.append(1)
            if len(pages) == 1:
                # The first page's query ran, then `first` changed, then JIRA stamped its answer
                # in the next second: the change is half a second before that Date.
                date_ms = epoch_ms(client.transport.server_date)
                jira.set_clock(lambda: date_ms - 500)
                jira.update_issue(first["key"])
                jira.set_clock(now_ms)
                jira.update_issue(last["key"])  # read later in this sync: the newest `updated` seen

        run_sync(HookedClient(client, overtake), warehouse, mappings, "instance_1:ENG", parallel_slices=1)
        run_sync(client, warehouse, mappings, "instance_1:ENG", overlap_minutes=0)
        client.close()
        assert warehouse_view(warehouse, "instance_1") == sandbox_view(server, "instance_1")
    warehouse.dispose()
