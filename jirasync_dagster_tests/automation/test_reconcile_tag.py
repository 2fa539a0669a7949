"""The `jirasync/reconcile` run tag: a jira_sync_job run carrying it reconciles now, whatever the cadence says."""

from jirasync_dagster.assets.sync_config import RECONCILE_TAG
from jirasync_dagster.cli.runs import QUIET, run_partition_syncs
from jirasync_dagster.history import materialized_partitions
from jirasync_dagster_tests.sensors.support import project  # noqa: F401  (fixture)
from jirasync_dagster_tests.sync.helpers import sandbox_view, warehouse_view

ENG = "instance_1:ENG"


def tagged_run(project, tags: dict) -> dict:
    """jira_sync_job for instance_1:ENG with `tags`, as the schedule or the launchpad launches it; its metadata."""
    result = project.defs.resolve_job_def("jira_sync_job").execute_in_process(
        instance=project.instance, partition_key=ENG, tags=tags, run_config=QUIET)
    assert result.success
    return materialized_partitions(project.instance, result.run_id)[ENG]


def test_a_tagged_run_removes_deleted_and_rehomes_moved_issues(project):
    project.discover()
    partitions = ["instance_1:ENG", "instance_1:OPS", "instance_1:SUP"]
    assert all(o.success for o in run_partition_syncs(project.defs, project.instance, partitions))
    site = project.sandbox.instance("instance_1")
    deleted, moved = sorted(sandbox_view(project.sandbox, "instance_1", "ENG"))[:2]
    site.delete_issue(deleted)
    new_key = site.move_issue(moved, "OPS")
    live = warehouse_view(project, "instance_1")

    # Untagged, and reconciled at the first sync: an incremental read sees neither change in ENG.
    untagged = tagged_run(project, {})
    assert not untagged["reconciled"] and untagged["deleted"] == 0
    assert warehouse_view(project, "instance_1") == live

    tagged = tagged_run(project, {RECONCILE_TAG: "true"})
    assert tagged["reconciled"] and tagged["deleted"] == 1 and tagged["moved"] == 1
    assert warehouse_view(project, "instance_1") == sandbox_view(project.sandbox, "instance_1")
    assert warehouse_view(project, "instance_1", "OPS")[moved][0] == new_key
