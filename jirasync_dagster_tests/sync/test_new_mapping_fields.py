"""A mapping added after rows were synced: the next sync re-reads the project, so the column fills."""

import sqlalchemy as sa

from jirasync_dagster.mapping import FieldMapping, FieldSource, MappingStore
from jirasync_dagster.mapping.rollout import active_mappings_with_columns
from jirasync_dagster.sandbox import CUSTOM_FIELDS
from jirasync_dagster_tests.sync.helpers import ready_warehouse, sync


def test_new_field_triggers_one_full_read_then_incremental_again(sandbox, database_url):
    warehouse, mappings = ready_warehouse(database_url)
    assert sync(sandbox, warehouse, mappings, "instance_2:ENG").mode == "full"
    assert sync(sandbox, warehouse, mappings, "instance_2:ENG").mode == "incremental"

    points = FieldMapping(column="story_points", type="number",
                          sources={"instance_2": FieldSource((CUSTOM_FIELDS["instance_2"]["story_points"],))})
    MappingStore(warehouse.engine).upsert(points, actor="test")
    mappings = active_mappings_with_columns(warehouse.engine)

    report = sync(sandbox, warehouse, mappings, "instance_2:ENG")
    assert report.mode == "full" and report.updated == report.fetched > 0
    jira = sandbox.instance("instance_2")
    with warehouse.engine.connect() as conn:
        landed = dict(conn.execute(sa.text(
            "SELECT issue_id, story_points FROM jira_issues_v2 WHERE instance = 'instance_2'")).all())
    assert landed == {i: jira.record(i).points for i in landed} and any(landed.values())
    assert sync(sandbox, warehouse, mappings, "instance_2:ENG").mode == "incremental"
    warehouse.dispose()
