"""Sync runs record their own jira_sync_history rows; the sensor only fills gaps; `jirasync history` agrees."""

import json

import sqlalchemy as sa
from click.testing import CliRunner

from jirasync_dagster.assets.keys import HISTORY, STATISTICS
from jirasync_dagster.cli import main
from jirasync_dagster.cli.runs import run_partition_sync
from jirasync_dagster.history import sync_runs

ROWS = "SELECT run_id, partition_key, status, issues_fetched, seconds, metadata FROM jira_sync_history"


def rows(project) -> dict:
    with project.engine.connect() as conn:
        return {r.run_id: r for r in conn.execute(sa.text(ROWS))}


def latest_metadata(project, key) -> dict:
    event = project.instance.get_latest_materialization_event(key)
    return {name: value.value for name, value in event.asset_materialization.metadata.items()}


def test_each_run_records_its_own_row_and_the_sensor_fills_only_gaps(project):
    project.discover()
    project.sync("instance_1:ENG")
    project.sync("instance_2:WEB")
    project.instance.add_dynamic_partitions("jira_projects", ["instance_1:GONE"])
    failed = run_partition_sync(project.defs, project.instance, "instance_1:GONE")
    assert not failed.success

    # Recorded by the runs themselves: the history sensor has never ticked.
    stored = {r.run_id: r for r in sync_runs(project.instance, limit=10)}
    recorded = rows(project)
    assert set(recorded) == set(stored) and len(stored) == 3
    for run_id, run in stored.items():
        assert (recorded[run_id].partition_key, recorded[run_id].status) == (run.partition, run.status)
        assert recorded[run_id].issues_fetched == run.metadata.get("issues_fetched")
    succeeded = [r for r in recorded.values() if r.status == "SUCCESS"]
    assert all(r.seconds == r.metadata["seconds"] for r in succeeded)  # the partition's own sync time
    gone = recorded[failed.run_id]
    assert gone.status == "FAILURE" and gone.issues_fetched is None and "GONE" in gone.metadata["error"]
    assert latest_metadata(project, HISTORY)["dagster/row_count"] == 3  # each run reported the table

    # A run that crashed before recording leaves a gap; a recorded row is never overwritten.
    crashed, kept = (r.run_id for r in succeeded)
    with project.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM jira_sync_history WHERE run_id = :r"), {"r": crashed})
        conn.execute(sa.text("UPDATE jira_sync_history SET seconds = 12345 WHERE run_id = :r"), {"r": kept})
    tick = project.tick("jira_sync_history_sensor")
    after = rows(project)
    assert set(after) == set(stored) and after[kept].seconds == 12345
    assert after[crashed].issues_fetched == stored[crashed].metadata["issues_fetched"]
    assert [event.asset_key for event in tick.asset_events] == [HISTORY, STATISTICS]
    assert tick.asset_events[0].metadata["recorded_rows"].value == 1
    assert "| overall | all | 3 | 66.7% |" in tick.asset_events[1].metadata["statistics"].value
    cursor = json.loads(tick.cursor)
    # Nothing new and the statistics fresh: the next tick skips.
    assert project.tick("jira_sync_history_sensor", tick.cursor).skip_message
    # Statistics are refreshed after a new run only once 15 minutes have passed since the last refresh.
    project.sync("instance_1:ENG")
    assert [e.asset_key for e in project.tick("jira_sync_history_sensor", tick.cursor).asset_events] == []
    stale = json.dumps({**cursor, "statistics": "2000-01-01T00:00:00+00:00"})
    assert [e.asset_key for e in project.tick("jira_sync_history_sensor", stale).asset_events] == [STATISTICS]

    output = CliRunner().invoke(main, ["history"]).output
    for run_id, run in stored.items():
        line = next(line for line in output.splitlines() if run_id in line)
        assert run.partition in line and run.status in line
        assert str(run.metadata.get("issues_fetched", "")) in line
