"""The Sprint field's elements: Cloud objects, Data Center GreenHopper strings, and what names no sprint."""

import json

from jirasync_dagster.mapping.sprint_values import data_center_sprint, sprint_field_ids, sprint_id
from jirasync_dagster_tests.mapping.recorded import FIXTURES

LEGACY = ("com.atlassian.greenhopper.service.sprint.Sprint@1a2b[id=12,rapidViewId=3,state=CLOSED,"
          "name=Sprint 1, the long one,goal=<null>,startDate=2024-01-01T10:00:00.000Z,sequence=12]")


def test_a_data_center_string_gives_its_attributes_with_commas_in_values_and_nulls():
    assert data_center_sprint(LEGACY) == {
        "id": "12", "rapidViewId": "3", "state": "CLOSED", "name": "Sprint 1, the long one", "goal": None,
        "startDate": "2024-01-01T10:00:00.000Z", "sequence": "12"}
    assert sprint_id(LEGACY) == 12


def test_a_recorded_cloud_sprint_object_gives_its_id():
    issues = json.loads((FIXTURES / "jira/demisto-jirav3/get_sprint_issues_test.raw_response.json").read_text())["issues"]
    assert {sprint_id(s) for i in issues for s in i["fields"]["customfield_10018"] or ()} == {4}


def test_values_that_name_no_sprint_give_none():
    no_id = LEGACY.replace("id=12,", "")
    assert [sprint_id(v) for v in (no_id, "Sprint 12", {"name": "x"}, {"id": "abc"}, 7, None)] == [None] * 6


def test_sprint_fields_are_found_by_their_schema_type():
    fields = [{"id": "customfield_10020", "schema": {"custom": "com.pyxis.greenhopper.jira:gh-sprint"}},
              {"id": "customfield_10014", "schema": {"custom": "com.pyxis.greenhopper.jira:gh-epic-link"}},
              {"id": "parent"}]
    assert sprint_field_ids(fields) == ["customfield_10020"]
