"""Value shapes the recorded fixtures do not contain: Data Center sprints, rich ADF, edge numbers.

These inputs are hand-written after the JIRA documentation, since no recorded payload has them.
"""

from datetime import date

import pytest

from jirasync_dagster.mapping import (
    FieldMapping,
    FieldSource,
    IssueConverter,
    TransitionSource,
)

DATA_CENTER_SPRINT = (
    "com.atlassian.greenhopper.service.sprint.Sprint@6f0e3b8a[id=12,rapidViewId=3,state=CLOSED,"
    "name=Sprint 12, hardening,startDate=2016-01-04T10:00:00.000+01:00,endDate=2016-01-18T10:00:00.000+01:00,"
    "completeDate=<null>,sequence=12,goal=]"
)


def convert(type_name, value, **source_options):
    mapping = FieldMapping("probe", type_name, sources={"*": FieldSource(("probe_field",), **source_options)})
    row = IssueConverter([mapping], "instance_1").convert({"fields": {"probe_field": value}})
    return row.values["probe"], row.failures.get("probe")


def test_data_center_sprint_strings_become_names():
    assert convert("string_array", [DATA_CENTER_SPRINT]) == (["Sprint 12, hardening"], None)
    assert convert("string", DATA_CENTER_SPRINT) == ("Sprint 12, hardening", None)


def test_adf_with_mentions_emoji_hard_breaks_and_lists():
    document = {"type": "doc", "version": 1, "content": [
        {"type": "paragraph", "content": [
            {"type": "text", "text": "Hi "},
            {"type": "mention", "attrs": {"id": "5fc9", "text": "@Ann Lee"}},
            {"type": "text", "text": " "},
            {"type": "emoji", "attrs": {"shortName": ":smile:", "text": "😄"}},
            {"type": "hardBreak"},
            {"type": "text", "text": "second line"},
        ]},
        {"type": "bulletList", "content": [
            {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "one"}]}]},
            {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "two"}]}]},
        ]},
        {"type": "paragraph", "content": [{"type": "inlineCard", "attrs": {"url": "https://x.example"}}]},
    ]}
    assert convert("text", document) == ("Hi @Ann Lee 😄\nsecond line\none\ntwo\nhttps://x.example", None)


@pytest.mark.parametrize(
    ("type_name", "value", "expected"),
    [
        ("integer", 3.0, 3),
        ("integer", "42", 42),
        ("number", "2.5", 2.5),
        ("number", 7, 7.0),
        ("boolean", "Yes", True),
        ("boolean", "no", False),
        ("boolean", {"value": "Yes", "id": "10050"}, True),
        ("boolean", True, True),
        ("date", "2023-09-09", date(2023, 9, 9)),
        ("date", "2022-12-09T23:30:00.000-0800", date(2022, 12, 9)),
        ("string", {"value": "Gold", "id": "1"}, "Gold"),
        ("string", 24.5, "24.5"),
        ("string_array", [{"value": "a"}, None, {"value": "b"}], ["a", "b"]),
        ("string_array", "solo", ["solo"]),
        ("json", {"any": ["thing"]}, {"any": ["thing"]}),
    ],
)
def test_conversions(type_name, value, expected):
    assert convert(type_name, value) == (expected, None)


@pytest.mark.parametrize(
    ("type_name", "value", "reason"),
    [
        ("integer", 3.5, "not a whole number"),
        ("number", "lots", "not a number"),
        ("number", True, "boolean is not a number"),
        ("boolean", "maybe", "not a yes/no value"),
        ("datetime", "2023-01-01T10:00:00", "no UTC offset"),
        ("datetime", "yesterday", "not a timestamp"),
        ("date", [1], "not a date"),
        ("string", {"id": "1", "self": "x"}, "no name, value or key"),
    ],
)
def test_failures_are_recorded_not_raised(type_name, value, reason):
    result, failure = convert(type_name, value)
    assert result is None and reason in failure


def test_combine_space_and_comma_join_non_null_texts():
    fields = {"first": "Ann", "middle": None, "last": {"value": "Lee"}}
    for combine, expected in (("space", "Ann Lee"), ("comma", "Ann, Lee"), ("first", "Ann")):
        source = FieldSource(("first", "middle", "last"), combine)
        mapping = FieldMapping("contact", "string", sources={"*": source})
        assert IssueConverter([mapping], "i1").convert({"fields": fields}).values == {"contact": expected}


def test_default_fills_nulls_and_per_instance_sources():
    mapping = FieldMapping("tier", "string", default="none", sources={
        "instance_1": FieldSource(("customfield_1",)), "*": FieldSource(("customfield_2",))})
    issue = {"fields": {"customfield_1": {"value": "Gold"}, "customfield_2": None}}
    assert IssueConverter([mapping], "instance_1").convert(issue).values == {"tier": "Gold"}
    assert IssueConverter([mapping], "instance_2").convert(issue).values == {"tier": "none"}


def test_column_without_a_source_on_this_instance_holds_its_default():
    mapping = FieldMapping("tier", "integer", default=0, sources={"instance_2": FieldSource(("customfield_9",))})
    converter = IssueConverter([mapping], "instance_1")
    assert converter.jira_fields == []
    assert converter.convert({"fields": {}}).values == {"tier": 0}


def test_jira_fields_are_top_level_sorted_and_unique_for_active_mappings():
    mappings = [
        FieldMapping("a", "string", sources={"*": FieldSource(("status.statusCategory.key", "fields.status.name"))}),
        FieldMapping("b", "integer", sources={"*": FieldSource(("timetracking.timeSpentSeconds",))}),
        FieldMapping("c", "string", active=False, sources={"*": FieldSource(("customfield_1",))}),
        FieldMapping("d", "datetime", sources={"*": TransitionSource(("Done",))}),
    ]
    converter = IssueConverter(mappings, "instance_1")
    assert converter.jira_fields == ["status", "timetracking"]
    assert [m.column for m in converter.columns] == ["a", "b", "d"]


def test_transition_columns_read_the_changelog_when_given():
    done_at = FieldMapping("done_at", "datetime", sources={"*": TransitionSource(("done", "Closed"), "latest")})
    first_done = FieldMapping("first_done", "date", sources={"*": TransitionSource(("Done",), "first")})
    histories = [
        {"created": "2023-01-02T10:00:00.000+0000", "items": [{"field": "status", "toString": "Done"}]},
        {"created": "2023-01-03T10:00:00.000+0000", "items": [{"field": "status", "toString": "In Progress"}]},
        {"created": "2023-01-05T09:00:00.000+0200", "items": [{"field": "status", "toString": "Closed"}]},
    ]
    converter = IssueConverter([done_at, first_done], "instance_1")
    assert converter.convert({"fields": {}}).values == {"done_at": None, "first_done": None}
    values = converter.convert({"fields": {}, "changelog": {"histories": histories}}).values
    assert values["done_at"].isoformat() == "2023-01-05T09:00:00+02:00"
    assert values["first_done"] == date(2023, 1, 2)
