"""`jirasync projects`: discovered projects, their rows and sync state; disable and enable."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.warehouse.catalog import active_partitions
from jirasync_dagster_tests.operations.cli_support import Jirasync
from jirasync_dagster_tests.sync.helpers import ready_warehouse, sync


@pytest.fixture
def jirasync(sandbox, database_url):
    return Jirasync(sandbox, database_url)


def line_of(output: str, partition: str) -> str:
    return next(line for line in output.splitlines() if partition in line)


def test_projects_listing_disable_and_enable(jirasync, sandbox, database_url, engine):
    assert "no projects discovered yet" in jirasync("projects")
    output = jirasync("projects", "--discover")
    for partition in ("instance_1:ENG", "instance_1:SUP", "instance_2:DATA", "instance_2:WEB"):
        assert partition in output
    assert "never" in line_of(output, "instance_1:ENG")

    warehouse, mappings = ready_warehouse(database_url)
    sync(sandbox, warehouse, mappings, "instance_1:ENG")
    warehouse.dispose()
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT count(*) FROM jira_issues_v2 WHERE project_key = 'ENG'")).scalar()
    line = line_of(jirasync("projects"), "instance_1:ENG")
    assert f" {rows} " in line and "never" not in line and rows == len(sandbox.instance("instance_1").snapshot("ENG"))

    # ENG exists on both instances: the bare key is ambiguous, the partition key is not
    assert "several instances" in jirasync("projects", "disable", "ENG", ok=False)
    assert "instance_1:ENG disabled" in jirasync("projects", "disable", "instance_1:ENG")
    assert "already disabled" in jirasync("projects", "disable", "instance_1:ENG")
    output = jirasync("projects")
    assert "disabled" in line_of(output, "instance_1:ENG") and f" {rows} " in line_of(output, "instance_1:ENG")
    with engine.connect() as conn:
        assert "instance_1:ENG" not in active_partitions(conn)
        assert conn.execute(sa.text("SELECT count(*) FROM jira_issues_v2")).scalar() == rows  # rows kept

    assert "instance_2:DATA disabled" in jirasync("projects", "disable", "data")  # unique key, any case
    assert "instance_1:ENG enabled" in jirasync("projects", "enable", "instance_1:ENG")
    with engine.connect() as conn:
        assert set(active_partitions(conn)) >= {"instance_1:ENG", "instance_2:ENG"}
        assert "instance_2:DATA" not in active_partitions(conn)
    assert "no discovered project 'NOPE'" in jirasync("projects", "enable", "NOPE", ok=False)
