"""The structural comparator the fidelity contract rests on: it must catch what it claims to."""

from jirasync_dagster_tests.sandbox.shapes import ABSENT, shape_differences, types_at

RECORDED = {"isLast": False, "nextPageToken": "t2",
            "issues": [{"id": "1", "fields": {"assignee": None, "labels": [], "points": 1.0}},
                       {"id": "2", "fields": {"assignee": {"displayName": "Ada"}, "labels": ["x"], "points": 3}}]}


def test_types_are_collected_over_every_array_element():
    assert types_at(RECORDED, "issues[].fields.assignee") == {"null", "object"}
    assert types_at(RECORDED, "issues[].fields.points") == {"number"}
    assert types_at(RECORDED, "issues[].fields.missing") == {ABSENT}
    assert types_at(RECORDED, "issues[].fields.labels[]") == {"string"}
    assert types_at({"labels": []}, "labels[].name") == set()
    assert types_at([{"id": "1"}], "[].id") == {"string"}


def test_a_path_the_recording_never_reaches_is_passed_over():
    assert shape_differences({"versions": []}, {"versions": [{"name": 1}]}, ["versions[].name"]) == []


def test_same_structure_with_other_values_agrees():
    served = {"isLast": True, "nextPageToken": "zz",
              "issues": [{"id": "77", "fields": {"assignee": {"displayName": "Bo"}, "labels": ["a", "b"], "points": 8}}]}
    assert shape_differences(RECORDED, served, ["isLast", "nextPageToken", "issues[].id", "issues[].fields.assignee",
                                                "issues[].fields.labels", "issues[].fields.points", "total"]) == []


def test_a_wrong_type_a_missing_key_an_extra_key_and_an_always_null_value_are_each_reported():
    served = {"isLast": "false", "total": 2,
              "issues": [{"id": 1, "fields": {"assignee": None, "labels": None, "points": 2}}]}
    differences = shape_differences(RECORDED, served, ["isLast", "nextPageToken", "total", "issues[].id",
                                                       "issues[].fields.labels", "issues[].fields.points"])
    assert [line.split(":")[0] for line in differences] == [
        "isLast", "nextPageToken", "total", "issues[].id", "issues[].fields.labels"]
    assert "where JIRA answered ['boolean']" in differences[0]
    assert "absent from the sandbox's answer" in differences[1]
    assert "absent from the recording" in differences[2]
    assert "only null" in differences[4]
