"""The time_in_status source: completed stays in a set of statuses, from changelog histories."""

import pytest

from jirasync_dagster.mapping import (
    FieldMapping,
    IssueConverter,
    MappingError,
    TimeInStatusSource,
    TransitionSource,
    dump_mapping_file,
    load_mapping_file,
)


def history(at: str, *moves: tuple[str, str]) -> dict:
    return {"id": at, "created": f"2025-01-01T{at}+0000" if len(at) > 5 else f"2025-01-01T{at}:00.000+0000",
            "items": [{"field": "status", "fromString": a, "toString": b} for a, b in moves]}


def seconds(histories, *statuses):
    mapping = FieldMapping("t", "integer", sources={"*": TimeInStatusSource(statuses)})
    return IssueConverter([mapping], "instance_1").convert({"fields": {}}, changelog=histories).values["t"]


def test_completed_stays_are_summed_and_moves_within_the_set_continue_a_stay():
    histories = [
        history("10:00", ("To Do", "In Progress")),
        history("10:30", ("In Progress", "In Review")),   # still in the set
        history("11:00", ("In Review", "Blocked")),       # left after 60 min
        {"id": "x", "created": "2025-01-01T12:00:00.000+0100", "items": [{"field": "Rank", "toString": "x"}]},
        history("12:00", ("Blocked", "IN PROGRESS")),     # case-insensitive
        history("12:00:30.400", ("In Progress", "Done")),  # 30.4 s more; whole seconds
    ]
    assert seconds(histories, "In Progress", "in review") == 3600 + 30


def test_open_or_absent_stays_give_none():
    assert seconds([history("10:00", ("To Do", "In Progress"))], "In Progress") is None
    assert seconds([history("10:00", ("To Do", "Done"))], "In Progress") is None
    assert seconds([], "In Progress") is None


def test_file_form_round_trips_and_is_distinct_from_transition_to():
    text = """
version: 1
mappings:
  - column: work_seconds
    type: integer
    sources:
      "*": {time_in_status: [In Progress, In Review]}
  - column: closed_at
    type: datetime
    sources:
      "*": {transition_to: [Done], pick: latest}
"""
    work, closed = load_mapping_file(text)
    assert work.source_for("x") == TimeInStatusSource(("In Progress", "In Review"))
    assert closed.source_for("x") == TransitionSource(("Done",), "latest") != TimeInStatusSource(("Done",))
    assert load_mapping_file(dump_mapping_file([work, closed])) == [work, closed]
    with pytest.raises(MappingError, match="unknown source key"):
        load_mapping_file(text.replace("{time_in_status: [In Progress, In Review]}",
                                       "{time_in_status: [In Progress], pick: first}"))
