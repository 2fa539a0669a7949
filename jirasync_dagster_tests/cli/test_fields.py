"""`jirasync fields …` end to end: sandbox JIRA over HTTP, a real Postgres, the click command."""

import pytest
import sqlalchemy as sa
import yaml

from jirasync_dagster.mapping import MappingStore
from jirasync_dagster_tests.sync.helpers import ready_warehouse, sync

STORY_POINTS_FILE = """\
version: 1
mappings:
  - column: story_points
    type: {type}
    sources:
      instance_1: customfield_10016
      instance_2: {instance_2_field}
"""


def mapping_file(tmp_path, type="number", instance_2_field="customfield_10202", name="story_points.yaml"):
    path = tmp_path / name
    path.write_text(STORY_POINTS_FILE.format(type=type, instance_2_field=instance_2_field))
    return str(path)


def story_points(engine) -> dict[tuple[str, int], object]:
    with engine.connect() as conn:
        return {(i, n): p for i, n, p in conn.execute(sa.text("SELECT instance, issue_id, story_points FROM jira_issues_v2"))}


def column_type(engine, column="story_points") -> str | None:
    with engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'jira_issues_v2' AND column_name = :c"
        ), {"c": column}).scalar()


def test_story_points_mapping_from_import_to_rollback(fields, sandbox, engine, tmp_path, database_url):
    """One business field, a different custom field id per instance, through its whole life."""
    suggestion = fields("suggest", "story points")
    assert "instance_1=customfield_10016" in suggestion and "instance_2=customfield_10202" in suggestion
    fields("import", mapping_file(tmp_path))
    assert column_type(engine) == "double precision"

    warehouse, mappings = ready_warehouse(database_url)
    for partition in ("instance_1:ENG", "instance_2:ENG"):
        sync(sandbox, warehouse, mappings, partition)
    warehouse.dispose()
    expected = {(i, n): sandbox.instance(i).record(n).points for i, n in story_points(engine)}
    assert {i for i, _ in expected} == {"instance_1", "instance_2"} and any(expected.values())
    assert story_points(engine) == expected

    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE jira_issues_v2 SET story_points = NULL"))
    assert "rows re-derived from raw" in fields("backfill")
    assert story_points(engine) == expected

    assert "1 value(s) did not convert" not in fields("preview", "story_points", "--project", "ENG", "--limit", "3")
    fields("migrate", "story_points", "--type", "integer", "--yes")
    assert column_type(engine) == "bigint"
    assert story_points(engine) == {k: None if v is None else int(v) for k, v in expected.items()}

    history = fields("history")
    assert "+story_points" in history and "~story_points" in history
    fields("rollback", "1")
    assert "story_points" not in {m.column for m in MappingStore(engine).load_all()}
    assert "story_points" not in fields("list")


def warehouse_state(engine) -> tuple:
    with engine.connect() as conn:
        return (
            conn.execute(sa.text("SELECT * FROM field_mappings ORDER BY column_name")).all(),
            conn.execute(sa.text("SELECT version, note FROM field_mappings_history ORDER BY version")).all(),
            conn.execute(sa.text("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'jira_issues_v2' ORDER BY column_name")).all(),
        )


@pytest.mark.parametrize("file_args, message", [
    ({"type": "decimal"}, "type 'decimal' is unknown"),
    ({"instance_2_field": "customfield_10016"}, "field 'customfield_10016' does not exist on instance_2"),
    ({"type": "integer"}, "jirasync fields migrate story_points"),
])
def test_bad_mapping_files_change_nothing(fields, engine, tmp_path, file_args, message):
    fields("import", mapping_file(tmp_path, name="good.yaml"))
    before = warehouse_state(engine)
    output = fields("import", mapping_file(tmp_path, **file_args), ok=False)
    assert message in output and "Traceback" not in output
    assert warehouse_state(engine) == before


def test_unsafe_column_name_is_refused_before_any_sql(fields, engine, tmp_path):
    fields("list")
    before = warehouse_state(engine)
    path = tmp_path / "evil.yaml"
    path.write_text(STORY_POINTS_FILE.format(type="number", instance_2_field="customfield_10202").replace(
        "column: story_points", "column: 'x\"; drop table jira_issues_v2; --'"))
    output = fields("import", str(path), ok=False)
    assert "is not allowed" in output
    output = fields("add", 'x"; drop table jira_issues_v2; --', "--type", "number", "--source", "*=summary", ok=False)
    assert "is not allowed" in output
    assert warehouse_state(engine) == before


def test_export_writes_the_whole_set_that_import_replace_restores(fields, engine, tmp_path):
    fields("import", mapping_file(tmp_path))
    exported = tmp_path / "exported.yaml"
    assert f"mappings written to {exported}" in fields("export", str(exported))
    assert fields("export", "-") == exported.read_text()
    document = yaml.safe_load(exported.read_text())
    before = MappingStore(engine).load_all()
    assert document["version"] == 1 and [m["column"] for m in document["mappings"]] == [m.column for m in before]
    story_points = next(m for m in document["mappings"] if m["column"] == "story_points")
    assert story_points["type"] == "number"
    assert story_points["sources"] == {"instance_1": "customfield_10016", "instance_2": "customfield_10202"}

    fields("add", "summary_copy", "--type", "string", "--source", "*=summary")
    fields("import", str(exported), "--replace")
    assert MappingStore(engine).load_all() == before
