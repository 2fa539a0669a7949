"""Postgres killed between two batches of a sync run: the run fails clearly, only whole batches stay, the next run converges."""

import json
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from jirasync_dagster.sandbox import SandboxServer, default_specs
from jirasync_dagster.sandbox.config import FaultConfig
from jirasync_dagster.warehouse import Warehouse
from jirasync_dagster_tests.deploy.processes import wait_for
from jirasync_dagster_tests.outages.evidence import assert_exact
from jirasync_dagster_tests.outages.servers import PASSWORD
from jirasync_dagster_tests.sensors.support import make_project
from jirasync_dagster_tests.sync.helpers import sandbox_view, warehouse_view, watermark_of

ROOT = Path(__file__).resolve().parents[2]
PARTITION = "instance_1:ENG"
BATCH = 20
# Small pages answered slowly: the read spans many batches, so the kill lands between two of them.
SLOW_JIRA = FaultConfig(latency_ms=150, max_page_size=10)


def test_a_sync_that_loses_postgres_fails_keeps_whole_batches_and_the_next_run_converges(
        monkeypatch, outage_postgres, outage_database_url, tmp_path):
    with SandboxServer(default_specs(issues=600, seed=11)) as sandbox:
        project = make_project(monkeypatch, sandbox, outage_database_url, tmp_path)
        warehouse = Warehouse(outage_database_url)
        try:
            project.discover()
            sandbox.instance("instance_1").set_faults(SLOW_JIRA)
            run = _start_sync_process(tmp_path)
            wait_for(lambda: _rows(warehouse) > 0 or run.poll() is not None, 300, "the first batch", every=0.05)
            outage_postgres.stop("immediate")
            run.wait(300)
            outage_postgres.start()
            output = (tmp_path / "run.log").read_text()

            assert run.returncode != 0
            database = sa.engine.make_url(outage_database_url).database
            assert f"the warehouse Postgres (database '{database}' on {outage_postgres.socket_dir}:5432) " \
                   "is unavailable" in output
            assert PASSWORD not in output
            landed, jira = warehouse_view(warehouse, "instance_1", "ENG"), sandbox_view(sandbox, "instance_1", "ENG")
            assert 0 < len(landed) < len(jira) and len(landed) % BATCH == 0
            assert all(jira[issue_id] == row for issue_id, row in landed.items())
            assert watermark_of(warehouse, PARTITION) is None

            sandbox.instance("instance_1").set_faults(FaultConfig())
            project.sync(PARTITION)
            assert_exact(outage_database_url, sandbox, PARTITION)
        finally:
            warehouse.dispose()
            project.engine.dispose()
            project.instance.dispose()


def _start_sync_process(tmp_path: Path) -> subprocess.Popen:
    """`dagster job execute` of jira_sync_job for PARTITION, as the README has it, logging to run.log."""
    config = tmp_path / "run_config.json"
    config.write_text(json.dumps({"ops": {"jira_issues": {"config": {"batch_size": BATCH, "parallel_slices": 1}}}}))
    return subprocess.Popen(
        [sys.executable, "-m", "dagster", "job", "execute", "-m", "jirasync_dagster", "-j", "jira_sync_job",
         "--tags", json.dumps({"dagster/partition": PARTITION}), "-c", str(config)],
        cwd=ROOT, stdout=(tmp_path / "run.log").open("w"), stderr=subprocess.STDOUT,
    )


def _rows(warehouse: Warehouse) -> int:
    with warehouse.engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM jira_issues_v2")).scalar()
