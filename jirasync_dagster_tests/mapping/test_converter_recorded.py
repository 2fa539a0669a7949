"""IssueConverter on real recorded JIRA payloads, one value shape per test."""

from datetime import date, datetime, timedelta, timezone

from jirasync_dagster.mapping import (
    FieldMapping,
    FieldSource,
    IssueConverter,
    default_mappings,
)
from jirasync_dagster_tests.mapping.recorded import recorded_issue

AIRBYTE = "airbyte-source-jira/issues.json"
DEMISTO_ISSUE = "demisto-jirav3/get_issue_test.raw_response.json"
DEMISTO_LATER = "demisto-jirav3/get_specific_field_test.raw_response.json"
DEMISTO_QUERY = "demisto-jirav3/get_issue_query_test.raw_response.json"
DEMISTO_SPRINT = "demisto-jirav3/get_sprint_issues_test.raw_response.json"


def convert_one(type_name: str, path: str, issue: dict, **source_options):
    """Convert one column read from `path`; returns (value, failure reason or None)."""
    mapping = FieldMapping("probe", type_name, sources={"*": FieldSource((path,), **source_options)})
    row = IssueConverter([mapping], "instance_1").convert(issue)
    return row.values["probe"], row.failures.get("probe")


def test_default_mappings_on_airbyte_epic():
    row = IssueConverter(default_mappings(), "instance_1").convert(recorded_issue(AIRBYTE))
    assert row.failures == {}
    assert row.values == {
        "summary": "My Summary",
        "status": "To Do",
        "status_category": "new",
        "issue_type": "Epic",
        "priority": "Low",
        "assignee": "integration test",
        "reporter": "integration test",
        "created": datetime(2022, 6, 9, 16, 29, 31, 871000, tzinfo=timezone(timedelta(hours=-7))),
        "resolved": None,
        "due_date": None,
        "labels": ["test"],
        "components": ["Component 0"],
        "fix_versions": [],
        "parent_key": None,
        "project_name": "Test project 13",
    }


def test_option_object_becomes_its_value():
    # airbyte issues.json customfield_10012 is a select option {self, value, id}.
    assert convert_one("string", "customfield_10012", recorded_issue(AIRBYTE)) == ("To Do", None)


def test_multi_user_picker_becomes_names_or_chosen_attribute():
    # airbyte issues.json customfield_10003 is an array of user objects.
    issue = recorded_issue(AIRBYTE)
    assert convert_one("string_array", "customfield_10003", issue) == (["integration test"], None)
    emails = convert_one("string_array", "customfield_10003", issue, user_attribute="emailAddress")
    assert emails == (["integration-test@airbyte.io"], None)


def test_user_attribute_account_id():
    value, _ = convert_one("string", "assignee", recorded_issue(AIRBYTE), user_attribute="accountId")
    assert value == "5fc9e78d2730d800760becc4"


def test_datetime_custom_field_keeps_its_offset():
    # airbyte issues.json customfield_10009: "2022-12-09T00:00:00.000-0800".
    value, failure = convert_one("datetime", "customfield_10009", recorded_issue(AIRBYTE))
    assert failure is None
    assert value == datetime(2022, 12, 9, tzinfo=timezone(timedelta(hours=-8)))
    assert value.utcoffset() == timedelta(hours=-8)


def test_date_only_duedate():
    # demisto get_issue_query_test COMPANYSA-28 duedate "2023-09-09".
    issue = recorded_issue(DEMISTO_QUERY, "COMPANYSA-28")
    assert convert_one("date", "duedate", issue) == (date(2023, 9, 9), None)
    value, failure = convert_one("datetime", "duedate", issue)
    assert value is None and "use type date" in failure


def test_adf_description_becomes_plain_text():
    # airbyte issues.json description is an ADF doc with one paragraph.
    assert convert_one("text", "description", recorded_issue(AIRBYTE)) == ("Test issue", None)


def test_empty_adf_environment_is_null():
    # demisto get_issue_query_test COMPANYSA-28 environment is {"type": "doc", "content": []}.
    assert convert_one("text", "environment", recorded_issue(DEMISTO_QUERY, "COMPANYSA-28")) == (None, None)


def test_v2_plain_string_description_is_kept():
    # The Agile API payload is v2 style: description is a plain string.
    issue = recorded_issue(DEMISTO_SPRINT, "TSTPRD-5")
    assert convert_one("text", "description", issue) == ("Please finish this ASAP.", None)


def test_cloud_sprint_objects_become_sprint_names():
    # demisto get_sprint_issues_test customfield_10018 is an array of sprint objects.
    issue = recorded_issue(DEMISTO_SPRINT, "TSTPRD-5")
    assert convert_one("string_array", "customfield_10018", issue) == (["TSTPRD Sprint 1"], None)
    assert convert_one("string", "customfield_10018", issue) == ("TSTPRD Sprint 1", None)
    assert convert_one("string", "sprint.name", issue) == ("TSTPRD Sprint 1", None)


def test_sprint_dates_in_utc_z():
    issue = recorded_issue(DEMISTO_SPRINT, "TSTPRD-5")
    value, failure = convert_one("datetime", "sprint.startDate", issue)
    assert failure is None and value == datetime(2023, 2, 13, 15, 12, 39, 565000, tzinfo=timezone.utc)


def test_story_points_number_and_integer():
    # demisto get_issue_test customfield_10028 is 1.0; get_specific_field_test has 24.0.
    assert convert_one("number", "customfield_10028", recorded_issue(DEMISTO_ISSUE)) == (1.0, None)
    assert convert_one("integer", "customfield_10028", recorded_issue(DEMISTO_LATER)) == (24, None)


def test_jsm_error_object_is_a_failure_not_a_value():
    # demisto get_issue_test customfield_10071 is {"errorMessage": ..., "i18nErrorMessage": ...}.
    for type_name in ("string", "number", "datetime", "string_array"):
        value, failure = convert_one(type_name, "customfield_10071", recorded_issue(DEMISTO_ISSUE))
        assert value is None
        assert "service project you are trying to view does not exist" in failure


def test_json_type_keeps_the_value_as_is():
    issue = recorded_issue(DEMISTO_ISSUE)
    assert convert_one("json", "customfield_10071", issue) == (issue["fields"]["customfield_10071"], None)


def test_time_tracking_seconds():
    # demisto get_issue_test timetracking.originalEstimateSeconds is 2217960.
    value = convert_one("integer", "timetracking.originalEstimateSeconds", recorded_issue(DEMISTO_ISSUE))
    assert value == (2217960, None)


def test_string_of_an_object_without_a_name_is_a_failure_not_a_repr():
    # airbyte issues.json customfield_10018 is the Parent Link object with nonEditableReason.
    value, failure = convert_one("string", "customfield_10018", recorded_issue(AIRBYTE))
    assert value is None and "no name, value or key" in failure and "{" not in failure


def test_parent_key_and_epic_link_string():
    issue = recorded_issue(DEMISTO_SPRINT, "TSTPRD-2")
    assert convert_one("string", "parent.key", issue) == ("TSTPRD-1", None)
    assert convert_one("string", "customfield_10013", issue) == ("TSTPRD-1", None)
    assert convert_one("string", "parent", issue) == ("TSTPRD-1", None)


def test_boolean_from_recorded_flagged_false():
    # The Agile payload has "flagged": false.
    assert convert_one("boolean", "flagged", recorded_issue(DEMISTO_SPRINT, "TSTPRD-5")) == (False, None)


def test_url_string_field_and_nested_project_name():
    issue = recorded_issue(DEMISTO_LATER)
    assert convert_one("string", "customfield_10097", issue) == ("http://www.example.org", None)
    assert convert_one("string", "fields.project.name", issue) == ("Company Snoozing App", None)


def test_components_array_of_objects_and_path_through_array():
    issue = recorded_issue(DEMISTO_ISSUE)
    names = ["Almost-Done", "dummy-comp", "Integration", "New-Component"]
    assert convert_one("string_array", "components", issue) == (names, None)
    assert convert_one("string_array", "components.name", issue) == (names, None)


def test_minimal_jira_cli_user_with_display_name_only():
    issue = recorded_issue("jira-cli/search.json")
    assert convert_one("string", "reporter", issue) == ("Person A", None)
