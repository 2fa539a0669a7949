"""convert_legacy_mapping on the previous system's example file."""

import json

import pytest

from jirasync_dagster.mapping import (
    FieldSource,
    IssueConverter,
    MappingError,
    TransitionSource,
    convert_legacy_mapping,
)
from jirasync_dagster_tests.mapping.recorded import FIXTURES, recorded_issue


@pytest.fixture(scope="module")
def converted():
    return convert_legacy_mapping(json.loads((FIXTURES / "legacy" / "field_mappings.json").read_text()))


def by_column(mappings):
    return {mapping.column: mapping for mapping in mappings}


def test_every_column_but_the_core_one_is_converted(converted):
    mappings, _ = converted
    assert [m.column for m in mappings] == [
        "summary", "status", "story_points", "customer_tier", "escalated", "target_date",
        "location_name", "contact", "assignee_name", "started", "closed",
    ]


def test_updated_collides_with_a_core_column_and_is_skipped_with_a_warning(converted):
    mappings, warnings = converted
    assert "updated" not in by_column(mappings)
    assert any(w.startswith("updated:") and "core column" in w for w in warnings)


def test_per_instance_ids_groups_and_display_names(converted):
    story_points = by_column(converted[0])["story_points"]
    assert story_points.type == "integer" and story_points.group == "planning"
    assert story_points.description == "Story Points"
    assert story_points.source_for("instance_1") == FieldSource(("customfield_10016",))
    assert story_points.source_for("instance_2") == FieldSource(("customfield_10202",))
    assert story_points.source_for("instance_3") is None


def test_combined_fields_nested_paths_and_system_paths(converted):
    mappings = by_column(converted[0])
    assert mappings["contact"].source_for("instance_2") == FieldSource(("customfield_10501", "customfield_10502"), "space")
    assert mappings["location_name"].source_for("instance_1") == FieldSource(("project.name",))
    # `fields.assignee.displayName` loses its `fields.` prefix and applies to every instance.
    assert mappings["assignee_name"].source_for("any_instance") == FieldSource(("assignee.displayName",))


def test_status_type_becomes_the_status_name(converted):
    status = by_column(converted[0])["status"]
    assert status.type == "string"
    issue = recorded_issue("demisto-jirav3/get_issue_test.raw_response.json")
    assert IssueConverter([status], "instance_1").convert(issue).values == {"status": "In Progress"}


def test_transitions_become_transition_sources_with_aliases(converted):
    mappings, warnings = converted
    mappings = by_column(mappings)
    assert mappings["started"].source_for("instance_1") == TransitionSource(("In Progress",), "latest")
    assert mappings["closed"].source_for("instance_1") == TransitionSource(("Closed", "Complete", "Done"), "latest")
    assert any(w.startswith("closed:") and "alias" in w for w in warnings)


def test_unknown_types_and_unsafe_names_are_skipped_with_warnings():
    data = {"field_groups": {"g": {"fields": {
        "odd": {"type": "duration", "field_id": "timespent"},
        "Bad Name": {"type": "string", "field_id": "summary"},
        "ok": {"type": "string", "field_id": "summary", "colour": "red"},
    }}}}
    mappings, warnings = convert_legacy_mapping(data)
    assert [m.column for m in mappings] == ["ok"]
    assert any("'duration'" in w for w in warnings)
    assert any(w.startswith("Bad Name: skipped") for w in warnings)
    assert any("colour" in w for w in warnings)


def test_a_file_without_field_groups_is_rejected():
    with pytest.raises(MappingError, match="field_groups"):
        convert_legacy_mapping({"version": "2.0"})
