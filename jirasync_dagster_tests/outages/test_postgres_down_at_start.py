"""Postgres down when a run starts: the run fails naming the warehouse and the fix; the next run lands everything."""

import sqlalchemy as sa

from jirasync_dagster.cli.runs import run_partition_sync
from jirasync_dagster.warehouse import Warehouse
from jirasync_dagster_tests.cli.commands import command_env, jirasync, succeeded
from jirasync_dagster_tests.outages.evidence import assert_exact, run_log_text, step_errors
from jirasync_dagster_tests.outages.servers import PASSWORD
from jirasync_dagster_tests.sync.helpers import watermark_of

PARTITION = "instance_1:ENG"


def test_a_run_without_its_warehouse_fails_fast_and_the_next_one_lands_everything(
        outage_project, outage_postgres, outage_database_url, sandbox):
    outage_project.discover()
    outage_project.sync(PARTITION)
    warehouse = Warehouse(outage_database_url)
    watermark = watermark_of(warehouse, PARTITION)
    jira = sandbox.instance("instance_1")
    jira.update_issue(jira.snapshot("ENG")[0]["key"])
    jira.create_issue("ENG")

    outage_postgres.stop()
    try:
        failed = run_partition_sync(outage_project.defs, outage_project.instance, PARTITION)
    finally:
        outage_postgres.start()
    assert not failed.success
    _assert_names_the_warehouse_and_the_fix(step_errors(outage_project.instance, failed.run_id),
                                            outage_postgres, outage_database_url)
    assert PASSWORD not in run_log_text(outage_project.instance, failed.run_id)
    assert watermark_of(warehouse, PARTITION) == watermark
    warehouse.dispose()

    outage_project.sync(PARTITION)
    assert_exact(outage_database_url, sandbox, PARTITION)



def test_jirasync_sync_without_its_warehouse_says_so_and_lands_everything_once_it_is_back(
        outage_postgres, outage_database_url, sandbox, tmp_path):
    env = command_env(outage_database_url, tmp_path / "home", **sandbox.env())
    outage_postgres.stop()
    try:
        failed = jirasync(env, "sync", PARTITION)
    finally:
        outage_postgres.start()
    assert failed.returncode == 1
    assert "Error: discovery failed: the warehouse Postgres" in failed.stderr  # the cause, not Dagster's wrappers
    _assert_names_the_warehouse_and_the_fix(failed.stderr, outage_postgres, outage_database_url)
    assert PASSWORD not in failed.stdout + failed.stderr

    succeeded(jirasync(env, "sync", PARTITION))
    assert_exact(outage_database_url, sandbox, PARTITION)


def _assert_names_the_warehouse_and_the_fix(error: str, outage_postgres, database_url: str) -> None:
    database = sa.engine.make_url(database_url).database
    assert f"the warehouse Postgres (database '{database}' on {outage_postgres.socket_dir}:5432) is unavailable" in error
    assert "Check that the server is running and reachable and that JIRASYNC_DATABASE_URL names it" in error
