"""`jirasync reset`: shows what it deletes, asks, and deletes only rows and watermarks."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.mapping import MappingStore
from jirasync_dagster.warehouse import advisory_lock
from jirasync_dagster_tests.operations.cli_support import Jirasync
from jirasync_dagster_tests.sync.helpers import ready_warehouse, sync


@pytest.fixture
def synced(sandbox, database_url):
    """Two partitions synced; returns the row counts per partition."""
    warehouse, mappings = ready_warehouse(database_url)
    for partition in ("instance_1:ENG", "instance_2:DATA"):
        sync(sandbox, warehouse, mappings, partition)
    warehouse.dispose()
    return Jirasync(sandbox, database_url)


def state(engine) -> dict:
    with engine.connect() as conn:
        return {
            "rows": dict(conn.execute(sa.text(
                "SELECT instance || ':' || project_key, count(*) FROM jira_issues_v2 GROUP BY 1")).all()),
            "watermarks": set(conn.execute(sa.text("SELECT partition_key FROM jira_sync_state")).scalars()),
            "mapping_versions": conn.execute(sa.text("SELECT count(*) FROM field_mappings_history")).scalar(),
        }


def test_reset_asks_and_deletes_only_what_it_showed(synced, engine):
    jirasync = synced
    before = state(engine)
    assert set(before["rows"]) == {"instance_1:ENG", "instance_2:DATA"} == before["watermarks"]

    output = jirasync("reset", "instance_1:ENG", input="n\n", ok=False)
    assert "instance_1:ENG" in output and str(before["rows"]["instance_1:ENG"]) in output
    assert "nothing was deleted" in output and "instance_2:DATA" not in output
    assert state(engine) == before

    output = jirasync("reset", "instance_1:ENG", "--yes")
    assert f"deleted {before['rows']['instance_1:ENG']} rows" in output
    after = state(engine)
    assert after["rows"] == {"instance_2:DATA": before["rows"]["instance_2:DATA"]}
    assert after["watermarks"] == {"instance_2:DATA"}
    assert after["mapping_versions"] == before["mapping_versions"]
    assert MappingStore(engine).load_all()

    assert "nothing synced for instance_1:OPS" in jirasync("reset", "instance_1:OPS", "--yes", ok=False)
    assert "not a partition key" in jirasync("reset", "ENG", "--yes", ok=False)

    output = jirasync("reset", input="y\n")  # every partition, confirmed interactively
    assert "instance_2:DATA" in output and "deleted" in output
    assert state(engine)["rows"] == {} and state(engine)["watermarks"] == set()
    assert "nothing to reset" in jirasync("reset", "--yes")


def test_reset_refuses_while_the_partition_syncs(synced, engine):
    before = state(engine)
    with advisory_lock(engine, "instance_2:DATA"):
        output = synced("reset", "--yes", ok=False)
    assert "instance_2:DATA is being synced now; nothing was reset" in output
    assert state(engine) == before
