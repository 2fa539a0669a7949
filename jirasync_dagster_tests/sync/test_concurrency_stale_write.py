"""Runs of different partitions overlap: a slower run's older read never overwrites a newer row."""

from jirasync_dagster_tests.sync.helpers import (
    HookedClient,
    client_for,
    ready_warehouse,
    run_sync,
    sandbox_view,
    sync,
    warehouse_view,
)


def test_older_read_of_a_moved_issue_does_not_win(sandbox, database_url):
    warehouse, mappings = ready_warehouse(database_url)
    jira = sandbox.instance("instance_1")
    for project in ("ENG", "OPS"):
        sync(sandbox, warehouse, mappings, f"instance_1:{project}")
    issue_id = int(jira.snapshot("ENG")[0]["id"])
    jira.move_issue(issue_id, "OPS")

    def back_to_eng_and_sync_it(_jql):
        # OPS has read the issue in OPS; it moves back and ENG's run lands before OPS's commit.
        if jira.record(issue_id).project == "OPS":
            jira.move_issue(issue_id, "ENG")
            sync(sandbox, warehouse, mappings, "instance_1:ENG", overlap_minutes=0)

    client = client_for(sandbox, "instance_1")
    run_sync(HookedClient(client, back_to_eng_and_sync_it), warehouse, mappings, "instance_1:OPS",
             overlap_minutes=0, reconcile=False)
    client.close()
    assert warehouse_view(warehouse, "instance_1")[issue_id] == sandbox_view(sandbox, "instance_1")[issue_id]
    warehouse.dispose()
