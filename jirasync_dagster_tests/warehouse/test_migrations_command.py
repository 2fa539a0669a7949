"""`python -m jirasync_dagster.warehouse.migrations`: Alembic's command line on the warehouse the environment names."""

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from jirasync_dagster.warehouse.migrations import VERSION_TABLE, alembic_config, head_revision
from jirasync_dagster_tests.cli.commands import command_env, run_module, succeeded

MODULE = "jirasync_dagster.warehouse.migrations"


@pytest.fixture
def empty_engine(empty_database_url):
    engine = sa.create_engine(empty_database_url)
    yield engine
    engine.dispose()


def versions(engine) -> list[str]:
    with engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()


def test_upgrade_step_by_step_then_check_finds_drift(empty_database_url, empty_engine, tmp_path):
    env = command_env(empty_database_url, tmp_path / "home")
    succeeded(run_module(env, MODULE, "upgrade", "0002_filter_indexes"))
    assert versions(empty_engine) == ["0002_filter_indexes"]
    current = succeeded(run_module(env, MODULE, "current"))
    assert "0002_filter_indexes" in current and "(head)" not in current

    succeeded(run_module(env, MODULE, "upgrade", "head"))
    assert versions(empty_engine) == [head_revision()]
    assert f"{head_revision()} (head)" in succeeded(run_module(env, MODULE, "current"))
    assert "No new upgrade operations detected" in succeeded(run_module(env, MODULE, "check"))

    with empty_engine.begin() as conn:  # the warehouse drifts from the revisions
        conn.execute(sa.text("DROP INDEX ix_jira_issues_v2_updated"))
    drift = run_module(env, MODULE, "check")
    assert drift.returncode != 0 and "ix_jira_issues_v2_updated" in drift.stdout + drift.stderr


def test_history_reads_only_the_scripts(tmp_path):
    # Nothing listens on port 9: a command that touched the warehouse would fail.
    env = command_env("postgresql://nobody@127.0.0.1:9/nowhere", tmp_path / "home")
    history = succeeded(run_module(env, MODULE, "history"))
    revisions = [script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()]
    assert len(revisions) >= 6 and all(revision in history for revision in revisions)
