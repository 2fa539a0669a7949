"""`jirasync demo` and `jirasync sync` as a new user runs them."""

import os
import subprocess
import sys

import pytest
import sqlalchemy as sa


@pytest.fixture
def cli_env(database_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIRA_")}
    env.update(JIRASYNC_DATABASE_URL=database_url, JIRASYNC_HOME=str(tmp_path / "home"), COLUMNS="160")
    env.pop("DAGSTER_HOME", None)
    return env


def jirasync(env, *args) -> subprocess.CompletedProcess:
    """Run the `jirasync` console command."""
    return subprocess.run([sys.executable, "-m", "jirasync_dagster.cli", *args], env=env,
                          capture_output=True, text=True, timeout=600)


def test_demo_lands_every_issue_and_keeps_the_runs(cli_env, tmp_path, database_url):
    result = jirasync(cli_env, "demo", "--issues", "60")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "what landed in jira_issues_v2" in result.stdout
    assert "NO" not in result.stdout
    runs = tmp_path / "home" / "dagster"
    assert (runs / "dagster.yaml").exists() and any(runs.rglob("*.db"))
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        per_instance = dict(conn.execute(sa.text("SELECT instance, count(*) FROM jira_issues_v2 GROUP BY 1")).all())
    engine.dispose()
    assert per_instance == {"instance_1": 60, "instance_2": 60}


def test_sync_of_an_unknown_partition_says_which_exist(cli_env):
    from jirasync_dagster.sandbox import SandboxServer, default_specs

    with SandboxServer(default_specs(issues=10, seed=1)) as server:
        result = jirasync({**cli_env, **server.env()}, "sync", "instance_1:NOPE")
    assert result.returncode != 0
    assert "unknown partitions: instance_1:NOPE" in result.stderr and "instance_1:ENG" in result.stderr
