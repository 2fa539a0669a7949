"""`dg`, Dagster's current CLI, on the project from the repository root: check, list and launch a partition."""

import json
import subprocess
from pathlib import Path

from jirasync_dagster.sandbox import SandboxServer, default_specs
from jirasync_dagster.warehouse import Warehouse
from jirasync_dagster_tests.cli.commands import succeeded
from jirasync_dagster_tests.sync.helpers import sandbox_view, warehouse_view

ROOT = Path(__file__).resolve().parents[2]


def dg(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run `.venv/bin/dg ARGS…` from the repository root, as the README does."""
    from jirasync_dagster.cli.dev_command import dg_command

    return subprocess.run([dg_command(), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_dg_checks_and_lists_the_definitions(cli_env):
    checked = dg(cli_env, "check", "defs")
    assert checked.returncode == 0 and "All definitions loaded successfully" in checked.stdout + checked.stderr
    definitions = json.loads(succeeded(dg(cli_env, "list", "defs", "--json")))
    assert {"jira_issues", "jira_fields"} <= {asset["asset_key"] for asset in definitions["assets"]}
    assert {"jira_sync_job", "jira_discovery_job"} <= {job["name"] for job in definitions["jobs"]}


def test_dg_launch_syncs_one_partition_exactly(cli_env, database_url, tmp_path):
    with SandboxServer(default_specs(issues=40, seed=4)) as server:
        env = {**cli_env, **server.env(), "DAGSTER_HOME": str(tmp_path)}
        (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
        succeeded(dg(env, "launch", "--job", "jira_discovery_job"))
        succeeded(dg(env, "launch", "--assets", "jira_issues", "--partition", "instance_1:ENG"))
        warehouse = Warehouse(database_url)
        try:
            assert warehouse_view(warehouse, "instance_1", "ENG") == sandbox_view(server, "instance_1", "ENG")
            assert not warehouse_view(warehouse, "instance_1", "OPS")  # only the partition asked for
        finally:
            warehouse.dispose()
