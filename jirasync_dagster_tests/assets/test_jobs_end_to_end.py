"""The documented `dagster job execute` commands, run as a user would, against the sandbox."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from jirasync_dagster.sandbox import SandboxServer, default_specs
from jirasync_dagster.warehouse import Warehouse
from jirasync_dagster_tests.cli.commands import command_env
from jirasync_dagster_tests.sync.helpers import sandbox_view, warehouse_view

ROOT = Path(__file__).resolve().parents[2]


def dagster(env: dict, *args: str) -> subprocess.CompletedProcess:
    """Run the `dagster` CLI from the repository root with `env`."""
    return subprocess.run(
        [sys.executable, "-m", "dagster", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def run_env(database_url, tmp_path):
    (tmp_path / "dagster").mkdir()
    return command_env(database_url, tmp_path / "home", DAGSTER_HOME=str(tmp_path / "dagster"))


@pytest.mark.parametrize("flavour", ["cloud", "datacenter"])
def test_discovery_then_partition_sync(run_env, database_url, flavour):
    with SandboxServer(default_specs(issues=80, seed=5, flavour=flavour)) as server:
        env = {**run_env, **server.env()}
        discovery = dagster(env, "job", "execute", "-m", "jirasync_dagster", "-j", "jira_discovery_job")
        assert discovery.returncode == 0, discovery.stderr[-3000:]
        sync = dagster(env, "job", "execute", "-m", "jirasync_dagster", "-j", "jira_sync_job",
                       "--tags", json.dumps({"dagster/partition": "instance_1:ENG"}))
        assert sync.returncode == 0, sync.stderr[-3000:]
        # One process: no step worker started beside the run, and the checks ran inside its step.
        assert "STEP_WORKER_STARTING" not in sync.stderr and sync.stderr.count("STEP_START") == 1
        assert sync.stderr.count("ASSET_CHECK_EVALUATION -") == 2
        warehouse = Warehouse(database_url)
        assert warehouse_view(warehouse, "instance_1", "ENG") == sandbox_view(server, "instance_1", "ENG")
        with warehouse.engine.connect() as conn:
            projects = conn.execute(sa.text("SELECT partition_key FROM jira_projects ORDER BY 1")).scalars().all()
            fields = conn.execute(sa.text("SELECT count(*) FROM jira_field_cache")).scalar()
        warehouse.dispose()
        assert "instance_1:ENG" in projects and "instance_2:WEB" in projects and fields > 20


def test_wrong_credentials_name_the_instance_and_hide_the_secret(run_env):
    with SandboxServer(default_specs(issues=10, seed=5)) as server:
        env = {**run_env, **server.env(), "JIRA_PASSWORD_1": "wrong-secret-0xC0FFEE"}
        result = dagster(env, "job", "execute", "-m", "jirasync_dagster", "-j", "jira_discovery_job")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "authentication failed for instance_1" in output
    assert "JIRA_USERNAME_1 and JIRA_PASSWORD_1" in output
    assert "wrong-secret-0xC0FFEE" not in output


def test_documented_commands_work_from_the_root_without_dagster_home(run_env):
    """As the README has them: no DAGSTER_HOME, so the repository's dagster.yaml applies."""
    env = {k: v for k, v in run_env.items() if k != "DAGSTER_HOME"}
    result = dagster(env, "definitions", "validate", "-m", "jirasync_dagster")
    assert result.returncode == 0, result.stderr[-3000:]
    with SandboxServer(default_specs(issues=10, seed=5)) as server:
        result = dagster({**env, **server.env()}, "job", "execute", "-m", "jirasync_dagster", "-j", "jira_discovery_job")
    assert result.returncode == 0, result.stderr[-3000:]
