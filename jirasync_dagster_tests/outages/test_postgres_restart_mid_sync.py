"""Postgres killed between two batches of a sync run: the run fails clearly, only whole batches stay, the next run converges."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.sandbox.config import FaultConfig
from jirasync_dagster.warehouse import Warehouse
from jirasync_dagster_tests.deploy.processes import wait_for
from jirasync_dagster_tests.outages.evidence import assert_exact
from jirasync_dagster_tests.outages.servers import PASSWORD
from jirasync_dagster_tests.outages.slow_run import BATCH, SLOW_JIRA, run_output, start_sync_process
from jirasync_dagster_tests.sync.helpers import sandbox_view, warehouse_view, watermark_of

PARTITION = "instance_1:ENG"


@pytest.mark.parametrize("back_at_once", [False, True], ids=["down-until-the-run-fails", "restarted-at-once"])
def test_a_sync_that_loses_postgres_fails_keeps_whole_batches_and_the_next_run_converges(
        project_on, slow_sandbox, outage_postgres, outage_database_url, tmp_path, back_at_once):
    sandbox, project = slow_sandbox, project_on(slow_sandbox, outage_database_url)
    warehouse = Warehouse(outage_database_url)
    try:
        project.discover()
        sandbox.instance("instance_1").set_faults(SLOW_JIRA)
        run = start_sync_process(tmp_path, PARTITION)
        wait_for(lambda: _rows(warehouse) > 0 or run.poll() is not None, 300, "the first batch", every=0.05)
        outage_postgres.stop("immediate")
        if back_at_once:
            # The run's pooled connections reconnect, but its partition lock died with the server.
            outage_postgres.start()
        run.wait(300)
        outage_postgres.ensure_running()
        output = run_output(tmp_path)

        assert run.returncode != 0
        database = sa.engine.make_url(outage_database_url).database
        assert f"the warehouse Postgres (database '{database}' on {outage_postgres.socket_dir}:5432) " \
               "is unavailable" in output
        assert PASSWORD not in output
        landed, jira = warehouse_view(warehouse, "instance_1", "ENG"), sandbox_view(sandbox, "instance_1", "ENG")
        assert all(jira[issue_id] == row for issue_id, row in landed.items())
        if watermark_of(warehouse, PARTITION) is None:
            assert 0 < len(landed) < len(jira) and len(landed) % BATCH == 0
        else:  # restarted at once, the read went on to its last batch, committed with the watermark
            assert back_at_once and landed == jira

        sandbox.instance("instance_1").set_faults(FaultConfig())
        project.sync(PARTITION)
        assert_exact(outage_database_url, sandbox, PARTITION)
    finally:
        warehouse.dispose()


def _rows(warehouse: Warehouse) -> int:
    with warehouse.engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM jira_issues_v2")).scalar()
