"""FieldMapping validation, column types and the default mappings."""

import re

import pytest
from sqlalchemy.dialects import postgresql

from jirasync_dagster.mapping import (
    COLUMN_TYPES,
    FieldMapping,
    FieldSource,
    MappingError,
    TransitionSource,
    column_sql_type,
    default_mappings,
    validate_column_name,
)
from jirasync_dagster.mapping.model import ALL_INSTANCES


@pytest.mark.parametrize("name", ['x"; drop table jira_issues_v2; --', "Story", "1st", "", "a" * 64, None])
def test_unsafe_column_names_are_rejected(name):
    with pytest.raises(MappingError, match="lowercase letters"):
        validate_column_name(name)


@pytest.mark.parametrize("name", ["instance", "issue_id", "raw", "deleted_at"])
def test_core_columns_are_reserved(name):
    with pytest.raises(MappingError, match="core column"):
        FieldMapping(name, "string")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: FieldMapping("x", "float"), "type 'float' is unknown; use one of: string"),
        (lambda: FieldMapping("x", "integer", default="many"), "default 'many' does not fit type integer"),
        (lambda: FieldMapping("x", "string", sources={"Instance 1": FieldSource(("summary",))}), "not an instance name"),
        (lambda: FieldMapping("x", "string", sources={"*": "summary"}), "must be a FieldSource"),
        (lambda: FieldMapping("x", "string", active="yes"), "active must be a bool"),
        (lambda: FieldSource(("summary; drop",)), "not a JIRA field id or dotted path"),
        (lambda: FieldSource(()), "at least one field path"),
        (lambda: FieldSource(("a", "b"), combine="plus"), "combine 'plus' is unknown"),
        (lambda: FieldSource(("assignee",), user_attribute="key"), "user_attribute 'key' is unknown"),
        (lambda: TransitionSource(()), "transition_to needs one or more status names"),
        (lambda: TransitionSource(("Done",), pick="middle"), "pick 'middle' is unknown"),
    ],
)
def test_bad_mappings_raise_clear_errors(build, message):
    with pytest.raises(MappingError, match=re.escape(message)):
        build()


def test_an_invalid_mapping_names_itself_and_lists_every_problem():
    with pytest.raises(MappingError) as raised:
        FieldMapping("x", "float", group=3)
    assert "field mapping 'x' has 2 problem(s)" in str(raised.value)
    assert len(raised.value.problems) == 2


def test_fields_prefix_is_stripped_and_a_single_path_may_be_a_string():
    assert FieldSource("fields.assignee.displayName").paths == ("assignee.displayName",)


def test_source_for_falls_back_to_star():
    own, every = FieldSource(("customfield_1",)), FieldSource(("customfield_2",))
    mapping = FieldMapping("x", "string", sources={"instance_1": own, ALL_INSTANCES: every})
    assert mapping.source_for("instance_1") is own
    assert mapping.source_for("instance_7") is every


def test_every_column_type_has_a_postgres_type():
    rendered = {name: column_sql_type(name).compile(dialect=postgresql.dialect()) for name in COLUMN_TYPES}
    assert rendered == {
        "string": "TEXT", "text": "TEXT", "integer": "BIGINT", "number": "DOUBLE PRECISION",
        "boolean": "BOOLEAN", "date": "DATE", "datetime": "TIMESTAMP WITH TIME ZONE",
        "string_array": "TEXT[]", "json": "JSONB",
    }
    with pytest.raises(MappingError, match="unknown column type"):
        column_sql_type("money")


def test_default_mappings_are_the_documented_system_columns():
    mappings = default_mappings()
    assert [m.column for m in mappings] == [
        "summary", "status", "status_category", "issue_type", "priority", "assignee", "reporter",
        "created", "resolved", "due_date", "labels", "components", "fix_versions", "parent_key", "project_name",
    ]
    assert all(set(m.sources) == {ALL_INSTANCES} for m in mappings)
    assert not any("customfield" in path for m in mappings for path in m.sources["*"].paths)
