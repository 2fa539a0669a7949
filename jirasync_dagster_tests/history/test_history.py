"""`jirasync history` and jira_sync_history agree with the Dagster run storage."""

import sqlalchemy as sa
from click.testing import CliRunner

from jirasync_dagster.cli import main
from jirasync_dagster.cli.runs import run_partition_sync
from jirasync_dagster.history import sync_runs


def test_history_command_and_table_match_run_storage(project):
    project.discover()
    project.sync("instance_1:ENG")
    project.sync("instance_2:WEB")
    project.instance.add_dynamic_partitions("jira_projects", ["instance_1:GONE"])
    failed = run_partition_sync(project.defs, project.instance, "instance_1:GONE")
    assert not failed.success

    stored = {r.run_id: r for r in sync_runs(project.instance, limit=10)}
    assert len(stored) == 3
    assert project.tick("jira_sync_history_sensor").cursor
    with project.engine.connect() as conn:
        rows = {r.run_id: r for r in conn.execute(sa.text(
            "SELECT run_id, partition_key, status, issues_fetched, inserted, seconds FROM jira_sync_history"))}
        daily = conn.execute(sa.text(
            "SELECT sum(runs), sum(failed), sum(runs_7d) FROM jira_sync_history_daily")).one()
    assert set(rows) == set(stored)
    for run_id, run in stored.items():
        assert (rows[run_id].partition_key, rows[run_id].status) == (run.partition, run.status)
        assert rows[run_id].issues_fetched == run.metadata.get("issues_fetched")
        assert rows[run_id].seconds == run.seconds
    assert rows[failed.run_id].status == "FAILURE" and rows[failed.run_id].issues_fetched is None
    assert tuple(daily) == (3, 1, 3)

    output = CliRunner().invoke(main, ["history"]).output
    for run_id, run in stored.items():
        line = next(line for line in output.splitlines() if run_id in line)
        assert run.partition in line and run.status in line
        assert str(run.metadata.get("issues_fetched", "")) in line
    assert project.tick("jira_sync_history_sensor", rows and max(r.updated_at for r in stored.values()).isoformat()).skip_message
