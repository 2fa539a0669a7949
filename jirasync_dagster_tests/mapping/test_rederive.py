"""Backfill from raw: mapped columns re-derived from stored JSON, on a real Postgres."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.mapping import (
    FieldMapping,
    FieldSource,
    MappingStore,
    column_sql_type,
)
from jirasync_dagster.ops import jira_mapping_backfill_job
from jirasync_dagster.resources import FieldMappingResource, WarehouseResource
from jirasync_dagster.sandbox import CUSTOM_FIELDS
from jirasync_dagster.sync.rederive import rederive_columns
from jirasync_dagster.warehouse import add_missing_columns
from jirasync_dagster_tests.sync.helpers import ready_warehouse, sync

STORY_POINTS = FieldMapping("story_points", "number", sources={
    instance: FieldSource((ids["story_points"],)) for instance, ids in CUSTOM_FIELDS.items()
})


@pytest.fixture
def synced(sandbox, database_url):
    warehouse, mappings = ready_warehouse(database_url)
    mappings = [*mappings, STORY_POINTS]
    with warehouse.engine.begin() as conn:
        add_missing_columns(conn, {"story_points": column_sql_type("number")})
    for partition in ("instance_1:ENG", "instance_2:ENG"):
        sync(sandbox, warehouse, mappings, partition)
    yield warehouse, mappings
    warehouse.dispose()


def story_points(warehouse) -> dict[tuple[str, int], float | None]:
    with warehouse.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT instance, issue_id, story_points FROM jira_issues_v2"))
        return {(i, n): p for i, n, p in rows}


def test_backfill_restores_every_column_from_raw(sandbox, synced):
    warehouse, mappings = synced
    expected = {(i, n): sandbox.instance(i).record(n).points for i, n in story_points(warehouse)}
    assert any(expected.values()) and expected == story_points(warehouse)
    with warehouse.engine.begin() as conn:
        conn.execute(sa.text("UPDATE jira_issues_v2 SET story_points = NULL, summary = 'x'"))
    report = rederive_columns(warehouse.engine, mappings, batch_size=37)
    assert story_points(warehouse) == expected
    assert report.rows == report.written == len(expected) and report.batches > 2
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM jira_issues_v2 WHERE summary = 'x'")).scalar() == 0


def test_backfill_of_one_column_counts_failures_and_leaves_the_others(synced):
    warehouse, mappings = synced
    as_integer = FieldMapping("story_points", "integer", sources={"*": FieldSource(("summary",))})
    with warehouse.engine.begin() as conn:
        conn.execute(sa.text("UPDATE jira_issues_v2 SET summary = 'x'"))
        conn.execute(sa.text("ALTER TABLE jira_issues_v2 ALTER story_points TYPE bigint"))
    report = rederive_columns(warehouse.engine, [m for m in mappings if m.column != "story_points"] + [as_integer],
                              ["story_points"])
    assert report.failures["story_points"] == report.rows > 0
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM jira_issues_v2 WHERE summary <> 'x'")).scalar() == 0


def test_backfill_refuses_an_unknown_column(synced):
    warehouse, mappings = synced
    with pytest.raises(ValueError, match="nope"):
        rederive_columns(warehouse.engine, mappings, ["nope"])


def test_backfill_of_10000_rows_takes_seconds_not_minutes(synced):
    warehouse, mappings = synced
    with warehouse.engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO jira_issues_v2 (instance, issue_id, issue_key, project_key, updated, raw) "
            "SELECT instance, issue_id + 1000000 * n, issue_key, project_key, updated, raw "
            "FROM jira_issues_v2, generate_series(1, 70) n"
        ))
    report = rederive_columns(warehouse.engine, mappings)
    assert report.rows == report.written >= 10_000


def test_backfill_job_reports_counts_as_metadata(synced, database_url):
    warehouse, mappings = synced
    MappingStore(warehouse.engine).upsert(STORY_POINTS, "test")
    with warehouse.engine.begin() as conn:
        conn.execute(sa.text("UPDATE jira_issues_v2 SET story_points = NULL"))
    store = WarehouseResource(database_url=database_url)
    result = jira_mapping_backfill_job.execute_in_process(
        resources={"warehouse": store, "field_mappings": FieldMappingResource(warehouse=store)},
        run_config={"ops": {"rederive_mapped_columns": {"config": {"columns": ["story_points"]}}}},
    )
    (output,) = [e for e in result.all_events if e.event_type_value == "STEP_OUTPUT"]
    metadata = {k: v.value for k, v in output.event_specific_data.metadata.items()}
    assert metadata["rows"] == metadata["written"] == len(story_points(warehouse)) > 0
    assert metadata["columns"] == "story_points" and any(story_points(warehouse).values())
