"""The YAML mapping file: DESIGN.md's example, round trips, and whole-file validation."""

from datetime import date

import pytest

from jirasync_dagster.mapping import (
    FieldMapping,
    FieldSource,
    MappingError,
    TransitionSource,
    default_mappings,
    dump_mapping_file,
    load_mapping_file,
)

DESIGN_EXAMPLE = """\
version: 1
mappings:
  - column: story_points        # column in jira_issues_v2: ^[a-z][a-z0-9_]{0,62}$
    type: number
    group: planning
    description: Story points estimate
    default: null
    active: true
    sources:
      instance_1: customfield_10016
      instance_2: [customfield_10202, customfield_10026]
  - column: closed_at
    type: datetime
    sources:
      instance_1: {transition_to: [Done, Closed], pick: latest}
  - column: contact
    type: string
    sources:
      "*": {paths: [customfield_10070, customfield_10071], combine: space}
"""


def test_design_example_loads():
    story_points, closed_at, contact = load_mapping_file(DESIGN_EXAMPLE)
    assert story_points == FieldMapping(
        "story_points", "number", group="planning", description="Story points estimate",
        sources={"instance_1": FieldSource(("customfield_10016",)),
                 "instance_2": FieldSource(("customfield_10202", "customfield_10026"))},
    )
    assert closed_at.source_for("instance_1") == TransitionSource(("Done", "Closed"), "latest")
    assert contact.source_for("instance_9") == FieldSource(("customfield_10070", "customfield_10071"), "space")


def test_round_trip_keeps_every_detail():
    mappings = [
        *default_mappings(),
        *load_mapping_file(DESIGN_EXAMPLE),
        FieldMapping("due", "date", default="2024-01-31", active=False, sources={"*": FieldSource(("duedate",))}),
        FieldMapping("owner_email", "string", sources={"*": FieldSource(("assignee",), user_attribute="emailAddress")}),
        FieldMapping("extra", "json", default={"k": [1, 2]}),
    ]
    text = dump_mapping_file(mappings)
    assert load_mapping_file(text) == mappings
    assert load_mapping_file(text)[-3].default == date(2024, 1, 31)


def test_every_problem_in_the_file_is_reported_at_once_with_its_line():
    text = """\
version: 1
mappings:
  - column: 'x"; drop table jira_issues_v2; --'
    type: string
  - column: points
    type: numbr
  - column: points
    type: number
    sources:
      instance_1: {paths: [customfield_1], combine: plus}
  - column: updated
    type: datetime
    colour: red
"""
    with pytest.raises(MappingError) as raised:
        load_mapping_file(text)
    problems = raised.value.problems
    assert len(problems) == 6, problems
    assert problems[0].startswith("line 3, column 5: mapping #1") and "not allowed" in problems[0]
    assert any(p.startswith("line 5,") and "type 'numbr' is unknown" in p for p in problems)
    assert any(p.startswith("line 7,") and "duplicate column, first defined on line 5" in p for p in problems)
    assert any(p.startswith("line 10,") and "combine 'plus'" in p for p in problems)
    assert any(p.startswith("line 13,") and "unknown key 'colour'" in p for p in problems)
    assert any("mapping #4 ('updated')" in p and "core column" in p for p in problems)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 2\nmappings: []\n", "version: 1"),
        ("version: 1\nmappings: {a: 1}\n", "must be a list"),
        ("version: 1\nmappings: [\n", "not valid YAML"),
    ],
)
def test_malformed_files(text, message):
    with pytest.raises(MappingError, match=message):
        load_mapping_file(text)
