"""`jirasync demo` and `jirasync sync` as a new user runs them."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.sandbox import SandboxServer, default_specs
from jirasync_dagster.warehouse import Warehouse
from jirasync_dagster_tests.cli.commands import jirasync, succeeded
from jirasync_dagster_tests.cli.test_warehouse_location import psql
from jirasync_dagster_tests.sync.helpers import sandbox_view, warehouse_view

PARTITIONS = ["instance_1:ENG", "instance_1:OPS", "instance_1:SUP", "instance_2:DATA", "instance_2:ENG", "instance_2:WEB"]


def test_demo_lands_every_issue_and_keeps_the_runs(cli_env, tmp_path, database_url):
    output = succeeded(jirasync(cli_env, "demo", "--issues", "60"))
    assert "what landed in jira_issues_v2" in output
    assert "NO" not in output
    runs = tmp_path / "home" / "dagster"
    assert (runs / "dagster.yaml").exists() and any(runs.rglob("*.db"))
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        per_instance = dict(conn.execute(sa.text("SELECT instance, count(*) FROM jira_issues_v2 GROUP BY 1")).all())
    engine.dispose()
    assert per_instance == {"instance_1": 60, "instance_2": 60}
    last_line = output.strip().splitlines()[-1]  # pasted as it is, it opens the warehouse
    assert "psql" in last_line and psql(last_line, "-tAc", "SELECT count(*) FROM jira_issues_v2") == "120"


def test_sync_of_an_unknown_partition_says_which_exist(cli_env):
    with SandboxServer(default_specs(issues=10, seed=1)) as server:
        result = jirasync({**cli_env, **server.env()}, "sync", "instance_1:NOPE")
    assert result.returncode != 0
    assert "unknown partitions: instance_1:NOPE" in result.stderr and "instance_1:ENG" in result.stderr


def summary(output: str) -> dict[str, dict[str, str]]:
    """The sync summary table a user reads, as {partition: {column: cell}}."""
    header = next(line for line in output.splitlines() if line.startswith("┃"))
    columns = [cell.strip() for cell in header.strip("┃").split("┃")]
    rows = [[cell.strip() for cell in line.strip("│").split("│")] for line in output.splitlines() if line.startswith("│")]
    return {row[0]: dict(zip(columns, row)) for row in rows}


@pytest.fixture
def warehouse(database_url):
    warehouse = Warehouse(database_url)
    yield warehouse
    warehouse.dispose()


def summary_of(warehouse, issue_id: int) -> str:
    with warehouse.engine.connect() as conn:
        return conn.execute(sa.text("SELECT summary FROM jira_issues_v2 WHERE instance = 'instance_1' "
                                    "AND issue_id = :i"), {"i": issue_id}).scalar()


def test_sync_lands_every_project_exactly_and_full_rereads_what_incremental_skips(cli_env, warehouse):
    with SandboxServer(default_specs(issues=30, seed=5)) as server:
        env = {**cli_env, **server.env()}
        first = summary(succeeded(jirasync(env, "sync")))
        assert list(first) == PARTITIONS
        assert all(row["status"] == "ok" and row["mode"] == "full" for row in first.values())
        for instance in ("instance_1", "instance_2"):
            assert warehouse_view(warehouse, instance) == sandbox_view(server, instance)

        site = server.instance("instance_1")
        kept, deleted = sorted(sandbox_view(server, "instance_1", "ENG"))[:2]
        with warehouse.engine.begin() as conn:  # a row gone wrong without JIRA changing: no watermark sees it
            conn.execute(sa.text("UPDATE jira_issues_v2 SET summary = 'tampered' WHERE issue_id = :i"), {"i": kept})
        site.delete_issue(deleted)
        jira_eng = sandbox_view(server, "instance_1", "ENG")

        incremental = summary(succeeded(jirasync(env, "sync", "instance_1:ENG")))
        assert list(incremental) == ["instance_1:ENG"] and incremental["instance_1:ENG"]["mode"] == "incremental"
        assert int(incremental["instance_1:ENG"]["fetched"]) < len(jira_eng)
        assert summary_of(warehouse, kept) == "tampered" and deleted in warehouse_view(warehouse, "instance_1", "ENG")

        full = summary(succeeded(jirasync(env, "sync", "--full", "instance_1:ENG")))["instance_1:ENG"]
        assert full["mode"] == "full" and int(full["fetched"]) == len(jira_eng) and full["deleted"] == "1"
        assert summary_of(warehouse, kept) == site.record(kept).summary
        assert warehouse_view(warehouse, "instance_1") == sandbox_view(server, "instance_1")
