"""Sandbox fidelity contract: every endpoint the product calls answers in the shape real JIRA recorded.

Shape means the keys and JSON types at each path the product reads (jira/*.py, sync/*.py, the
warehouse's project, field and changelog rows, the default field mappings), never values.
Recordings are jirasync_dagster_tests/fixtures/jira/ (see its README).

Endpoints compared with a recording (CONTRACTS):
| endpoint                               | recording                                                        |
|----------------------------------------|------------------------------------------------------------------|
| Cloud GET serverInfo                   | jira-cli/serverinfo.json                                         |
| Cloud GET myself                       | demisto cloud_raw_response, jira-cli/myself.json                 |
| Data Center GET myself                 | demisto onprem_raw_response                                      |
| Cloud GET field                        | jira-cli/fields.json, airbyte issue_fields, demisto issue_fields |
| Data Center GET field                  | devlake _raw_jira_api_issue_fields.csv (DC /rest/api/2/field)    |
| Cloud GET project/search               | airbyte projects.json (`isLast` trimmed from it: unrecorded)     |
| Data Center GET project                | jira-cli/projects.json                                           |
| Cloud POST search/jql, a middle page   | jira-cli/search_page1.json                                       |
| Cloud POST search/jql, the last page   | jira-cli/search.json (search_page2/3 send `nextPageToken: ""`,   |
|                                        | search.json none: the sandbox leaves it out, the client takes both) |
| Cloud POST search/jql, issue fields    | every recorded issue: demisto search, issues and Agile page,     |
|                                        | airbyte issues.json, jira-cli/search.json                        |
| Data Center POST search, paging        | demisto get_issue_query_test and get_sprint_issues_test: Cloud's |
|                                        | former /search and Agile pages, paged by startAt/maxResults/total |
|                                        | as Data Center pages (no Data Center search was recorded)        |
| Data Center POST search, issue fields  | the same recorded issues (v3 and v2 differ only in rich text,    |
|                                        | which no default mapping reads)                                  |
| Cloud POST search/jql, comment and     | the demisto v3 issues (ADF comment bodies, inward and outward    |
| issuelinks fields                      | links)                                                           |
| Data Center POST search, comment and   | demisto get_sprint_issues_test (v2-style plain comment bodies)   |
| issuelinks fields                      | and the demisto v3 issues for links                              |
| Cloud GET issue/{id}/comment           | airbyte issue_comments.json (its paging fields were trimmed)     |
| Cloud GET issue/{id}/worklog           | airbyte issue_worklogs.json (Atlassian's documented example,     |
|                                        | without `created`)                                               |
| Data Center GET user?username=         | demisto onprem_raw_response (/myself answers a user object)      |

Paths no recording can judge, so the comparison passes them over: `fields.fixVersions[].name`
(every recorded fixVersions is empty) and the type of `fields.resolutiondate` (always null).

Re-rooted comparisons (REROOTED: the recorded objects sit elsewhere in the recording):
Agile board sprints ~ demisto Agile page `issues[].fields.sprint`; Cloud's Sprint field ~ its
`customfield_10018[]`; project components ~ airbyte project_components `values[]` (Cloud's paged
/component, whose elements carry the /components fields). Data Center's Sprint strings have no
recording; jirasync_dagster_tests/mapping holds the parsing tests.

Endpoints with NO recording (NO_RECORDING): the sandbox is only checked to serve every path
the product reads, with a value — Data Center serverInfo, Cloud search/approximate-count,
Cloud changelog/bulkfetch, Cloud issue/{id}/changelog, Data Center search with
expand=changelog, Data Center issue/{id}?expand=changelog, Data Center issue/{id}/comment, the worklog feeds
(`worklog/updated`, `worklog/deleted`) of both, Data Center's worklog/list and issue/{id}/worklog.
Cloud's worklog/list elements are compared with the recorded issue/{id}/worklog ones, Cloud's user/bulk
`values[]` with the recorded Cloud /myself (REROOTED); user/bulk's paging fields have no recording.
"""

from dataclasses import dataclass

import pytest

from jirasync_dagster_tests.sandbox.conftest import session_for
from jirasync_dagster_tests.sandbox.recordings import recording
from jirasync_dagster_tests.sandbox.shapes import ABSENT, shape_differences, types_at

CLOUD, DC = "instance_1", "instance_2"
DEMISTO = "demisto-jirav3/"
ISSUE_PATHS = (
    "id", "key", "fields.project.key", "fields.project.name", "fields.updated", "fields.summary",
    "fields.status.name", "fields.status.statusCategory.key", "fields.issuetype.name", "fields.priority.name",
    "fields.assignee.displayName", "fields.reporter.displayName", "fields.created", "fields.resolutiondate",
    "fields.duedate", "fields.labels", "fields.components[].name", "fields.fixVersions[].name", "fields.parent.key",
)
ISSUE_FIELDS = sorted({path.split(".")[1].removesuffix("[]") for path in ISSUE_PATHS if path.startswith("fields.")})
ISSUE_RECORDINGS = (f"{DEMISTO}get_issue_query_test.raw_response.json", f"{DEMISTO}get_issue_test.raw_response.json",
                    f"{DEMISTO}get_specific_field_test.raw_response.json", f"{DEMISTO}get_sprint_issues_test.raw_response.json",
                    "airbyte-source-jira/issues.json", "jira-cli/search.json")
USER_PATHS = ("accountId", "name", "displayName", "emailAddress", "timeZone")
FIELD_PATHS = ("[].id", "[].name", "[].custom", "[].schema.type", "[].schema.custom")
HISTORY_PATHS = ("id", "created", "author.displayName", "items[].field", "items[].fieldId", "items[].fieldtype",
                 "items[].from", "items[].fromString", "items[].to", "items[].toString")
SEARCH = {"jql": "project = ENG", "fields": ["updated"], "maxResults": 5}
WORKLOG_PATHS = ("id", "issueId", "started", "created", "updated", "timeSpentSeconds", "comment")
FEED_PATHS = ("values[].worklogId", "values[].updatedTime", "until", "lastPage")
WORKLOG_IDS = {"ids": list(range(20000, 20010))}  # seeded worklog ids start at 20000
ACCOUNT_IDS = {"accountId": [f"5f8e{i:04d}a1b2c3d4e5f6{i:04d}" for i in range(3)], "maxResults": 3}  # seeded users
AGILE = "/rest/agile/1.0"
VERSION_PATHS = ("[].id", "[].name", "[].archived", "[].released")
COMPONENT_PATHS = ("[].id", "[].name", "[].description", "[].lead.displayName")
BOARD_PATHS = ("isLast", "values[].id", "values[].name", "values[].type", "values[].location.projectKey")
SPRINT_PATHS = ("id", "self", "state", "name", "startDate", "endDate", "originBoardId", "goal")
SPRINT_PAGE_PATHS = ("isLast", *(f"values[].{p}" for p in SPRINT_PATHS))
COMMENT_PATHS = ("id", "created", "updated", "body", "author.displayName")
COMMENT_FIELD_PATHS = ("total", "maxResults", "startAt", *(f"comments[].{p}" for p in COMMENT_PATHS))
LINK_PATHS = ("id", "type.name", "type.inward", "type.outward", "inwardIssue.id", "inwardIssue.key",
              "outwardIssue.id", "outwardIssue.key")
V3_COMMENTED = tuple(f"{DEMISTO}{name}.raw_response.json"
                     for name in ("get_issue_query_test", "get_issue_test", "get_specific_field_test"))


@dataclass(frozen=True)
class Call:
    """One request the product sends: instance, method, path under the instance, query or JSON body.

    `{with_history}` in the path stands for the key of the instance's first issue that has a changelog,
    `{with_comments}` for its first issue with comments, `{with_worklogs}` for its first with worklogs.
    """

    instance: str
    method: str
    path: str
    request: dict | None = None


def ask(server, call: Call):
    """The sandbox's decoded answer to `call`, over HTTP with the instance's credentials."""
    store = server.instance(call.instance)
    with_history = next(r.key for r in store.records_in(None) if store.histories(r))
    with_comments = next(r.key for r in store.records_in(None) if store.comments(r))
    with_worklogs = next(r.key for r in store.records_in(None) if store.worklogs.of_issue(r.id))
    path = call.path.format(with_history=with_history, with_comments=with_comments, with_worklogs=with_worklogs)
    url = f"{server.instance_url(call.instance)}{path}"
    session = session_for(server, call.instance)
    answer = session.post(url, json=call.request) if call.method == "POST" else session.get(url, params=call.request)
    answer.raise_for_status()
    return answer.json()


def _issues(paths) -> tuple[str, ...]:
    return tuple(f"issues[].{path}" for path in paths)


def _issue_search(instance: str, api: int, jql_path: str) -> Call:
    return Call(instance, "POST", f"/rest/api/{api}/{jql_path}",
                {"jql": "ORDER BY id ASC", "fields": ISSUE_FIELDS, "maxResults": 100})


def _extras_search(instance: str, api: int, jql_path: str) -> Call:
    return Call(instance, "POST", f"/rest/api/{api}/{jql_path}",
                {"jql": "ORDER BY id ASC", "fields": ["comment", "issuelinks"], "maxResults": 100})


# (endpoint, call, recordings, paths compared, paths the product reads that the recordings cut)
CONTRACTS = [
    ("Cloud serverInfo", Call(CLOUD, "GET", "/rest/api/2/serverInfo"), ("jira-cli/serverinfo.json",),
     ("deploymentType", "version"), ()),
    ("Cloud myself", Call(CLOUD, "GET", "/rest/api/3/myself"),
     (f"{DEMISTO}get_user_info_test.cloud_raw_response.json", "jira-cli/myself.json"), USER_PATHS, ()),
    ("Data Center myself", Call(DC, "GET", "/rest/api/2/myself"),
     (f"{DEMISTO}get_user_info_test.onprem_raw_response.json",), USER_PATHS, ()),
    ("Cloud field", Call(CLOUD, "GET", "/rest/api/3/field"),
     ("jira-cli/fields.json", "airbyte-source-jira/issue_fields.json", f"{DEMISTO}get_issue_fields_test.raw_response.json"),
     FIELD_PATHS, ()),
    ("Data Center field", Call(DC, "GET", "/rest/api/2/field"), ("devlake/_raw_jira_api_issue_fields.csv",),
     FIELD_PATHS, ()),
    ("Cloud project/search", Call(CLOUD, "GET", "/rest/api/3/project/search", {"maxResults": 2}),
     ("airbyte-source-jira/projects.json",), ("values[].id", "values[].key", "values[].name", "isLast"), ("isLast",)),
    ("Data Center project", Call(DC, "GET", "/rest/api/2/project"), ("jira-cli/projects.json",),
     ("[].id", "[].key", "[].name"), ()),
    ("Cloud search/jql middle page", Call(CLOUD, "POST", "/rest/api/3/search/jql", SEARCH),
     ("jira-cli/search_page1.json",), ("isLast", "nextPageToken", "issues[].key"), ()),
    ("Cloud search/jql last page", Call(CLOUD, "POST", "/rest/api/3/search/jql", {**SEARCH, "jql": "key = ENG-1"}),
     ("jira-cli/search.json",), ("isLast", "nextPageToken", "issues[].key"), ()),
    ("Cloud search/jql issue fields", _issue_search(CLOUD, 3, "search/jql"), ISSUE_RECORDINGS, _issues(ISSUE_PATHS), ()),
    ("Data Center search paging", Call(DC, "POST", "/rest/api/2/search", SEARCH),
     (f"{DEMISTO}get_issue_query_test.raw_response.json", f"{DEMISTO}get_sprint_issues_test.raw_response.json"),
     ("startAt", "maxResults", "total", "issues[].id", "issues[].key"), ()),
    ("Data Center search issue fields", _issue_search(DC, 2, "search"),
     ISSUE_RECORDINGS, _issues(ISSUE_PATHS), ()),
    ("Cloud search/jql comment and issuelinks", _extras_search(CLOUD, 3, "search/jql"), V3_COMMENTED,
     _issues((*(f"fields.comment.{p}" for p in (*COMMENT_FIELD_PATHS, "comments[].author.accountId")),
              *(f"fields.issuelinks[].{p}" for p in LINK_PATHS))), ()),
    ("Data Center search comment field", _extras_search(DC, 2, "search"),
     (f"{DEMISTO}get_sprint_issues_test.raw_response.json",), _issues(f"fields.comment.{p}" for p in COMMENT_FIELD_PATHS),
     ()),
    ("Data Center search issuelinks", _extras_search(DC, 2, "search"), V3_COMMENTED,
     _issues(f"fields.issuelinks[].{p}" for p in LINK_PATHS), ()),
    ("Cloud issue comments", Call(CLOUD, "GET", "/rest/api/3/issue/{with_comments}/comment", {"maxResults": 2}),
     ("airbyte-source-jira/issue_comments.json",),
     ("total", "startAt", *(f"comments[].{p}" for p in (*COMMENT_PATHS, "author.accountId"))), ("total", "startAt")),
    ("Data Center user", Call(DC, "GET", "/rest/api/2/user", {"username": "sandbox"}),
     (f"{DEMISTO}get_user_info_test.onprem_raw_response.json",), (*USER_PATHS, "active"), ()),
    ("Cloud issue worklogs", Call(CLOUD, "GET", "/rest/api/3/issue/{with_worklogs}/worklog"),
     ("airbyte-source-jira/issue_worklogs.json",),
     ("total", "startAt", *(f"worklogs[].{p}" for p in (*WORKLOG_PATHS, "author.accountId"))), ("worklogs[].created",)),
]

# (endpoint, call, paths the product reads) — no real answer of these was recorded.
NO_RECORDING = [
    ("Data Center serverInfo", Call(DC, "GET", "/rest/api/2/serverInfo"), ("deploymentType", "version")),
    ("Cloud search/approximate-count", Call(CLOUD, "POST", "/rest/api/3/search/approximate-count",
                                            {"jql": "project = ENG"}), ("count",)),
    ("Cloud changelog/bulkfetch", Call(CLOUD, "POST", "/rest/api/3/changelog/bulkfetch",
                                       {"issueIdsOrKeys": ["ENG-1", "ENG-2", "ENG-3"], "maxResults": 2}),
     ("nextPageToken", "issueChangeLogs[].issueId",
      *(f"issueChangeLogs[].changeHistories[].{p}" for p in (*HISTORY_PATHS, "author.accountId")))),
    ("Cloud issue changelog", Call(CLOUD, "GET", "/rest/api/3/issue/{with_history}/changelog", {"maxResults": 1}),
     ("isLast", *(f"values[].{p}" for p in (*HISTORY_PATHS, "author.accountId")))),
    ("Data Center search expand=changelog", Call(DC, "POST", "/rest/api/2/search",
                                                 {**SEARCH, "expand": ["changelog"]}),
     ("total", "issues[].id", "issues[].changelog.total",
      *(f"issues[].changelog.histories[].{p}" for p in (*HISTORY_PATHS, "author.name")))),
    ("Data Center issue expand=changelog", Call(DC, "GET", "/rest/api/2/issue/{with_history}",
                                                {"expand": "changelog", "fields": "updated"}),
     ("id", *(f"changelog.histories[].{p}" for p in (*HISTORY_PATHS, "author.name")))),
    ("Data Center issue comments", Call(DC, "GET", "/rest/api/2/issue/{with_comments}/comment", {"maxResults": 2}),
     ("total", "startAt", *(f"comments[].{p}" for p in (*COMMENT_PATHS, "author.name")))),
    *((f"{name} worklog/updated", Call(instance, "GET", f"/rest/api/{api}/worklog/updated", {"since": 0}), FEED_PATHS)
      for name, instance, api in (("Cloud", CLOUD, 3), ("Data Center", DC, 2))),
    *((f"{name} worklog/deleted", Call(instance, "GET", f"/rest/api/{api}/worklog/deleted", {"since": 0}),
       ("until", "lastPage")) for name, instance, api in (("Cloud", CLOUD, 3), ("Data Center", DC, 2))),
    ("Cloud user/bulk", Call(CLOUD, "GET", "/rest/api/3/user/bulk", ACCOUNT_IDS), ("isLast", "values[].accountId")),
    ("Data Center worklog/list", Call(DC, "POST", "/rest/api/2/worklog/list", WORKLOG_IDS),
     tuple(f"[].{p}" for p in (*WORKLOG_PATHS, "author.name"))),
    ("Data Center issue worklogs", Call(DC, "GET", "/rest/api/2/issue/{with_worklogs}/worklog"),
     ("total", "startAt", *(f"worklogs[].{p}" for p in (*WORKLOG_PATHS, "author.name")))),
    *((f"{name} project {part}", Call(instance, "GET", f"/rest/api/{api}/project/ENG/{part}"), paths)
      for name, instance, api in (("Cloud", CLOUD, 3), ("Data Center", DC, 2))
      for part, paths in (("versions", VERSION_PATHS), ("components", COMPONENT_PATHS))),
    *((f"{name} Agile {what}", Call(instance, "GET", f"{AGILE}/{path}"), paths)
      for name, instance in (("Cloud", CLOUD), ("Data Center", DC))
      for what, path, paths in (("boards", "board?projectKeyOrId=ENG", BOARD_PATHS),
                                ("board sprints", "board/1/sprint", SPRINT_PAGE_PATHS),
                                ("sprint", "sprint/28", SPRINT_PATHS))),
]


@pytest.mark.parametrize(("call", "recordings", "paths", "unrecorded"), [c[1:] for c in CONTRACTS],
                         ids=[c[0] for c in CONTRACTS])
def test_the_sandbox_answers_in_the_recorded_shape(server, call, recordings, paths, unrecorded):
    recorded = [recording(name) for name in recordings]
    # Declared cuts must really be missing from the recordings, or the comparison would skip a path it could make.
    assert [p for p in unrecorded if types_at(recorded, f"[].{p}") - {ABSENT}] == []
    compared = [f"[].{path}" for path in paths if path not in unrecorded]
    assert shape_differences(recorded, [ask(server, call)], compared) == []


@pytest.mark.parametrize(("call", "paths"), [c[1:] for c in NO_RECORDING], ids=[f"no recording: {c[0]}" for c in NO_RECORDING])
def test_an_endpoint_without_a_recording_serves_every_path_the_product_reads(server, call, paths):
    served = ask(server, call)
    assert [path for path in paths if not types_at(served, path) - {ABSENT, "null"}] == []


def _sprint_field(document, field: str) -> list:
    return [v for issue in document["issues"] for v in issue["fields"].get(field) or ()]


# (name, call, its objects, recording, the recorded objects, paths compared under each object)
REROOTED = [
    ("Cloud Agile board sprints", Call(CLOUD, "GET", f"{AGILE}/board/1/sprint"), lambda a: a["values"],
     f"{DEMISTO}get_sprint_issues_test.raw_response.json", lambda r: [i["fields"]["sprint"] for i in r["issues"]],
     SPRINT_PATHS),
    ("Cloud Sprint field", Call(CLOUD, "POST", "/rest/api/3/search/jql", {**SEARCH, "fields": ["customfield_10020"],
                                                                          "maxResults": 50}),
     lambda a: _sprint_field(a, "customfield_10020"), f"{DEMISTO}get_sprint_issues_test.raw_response.json",
     lambda r: _sprint_field(r, "customfield_10018"),
     ("id", "name", "state", "boardId", "goal", "startDate", "endDate")),
    ("Cloud project components", Call(CLOUD, "GET", "/rest/api/3/project/ENG/components"), lambda a: a,
     "airbyte-source-jira/project_components.json", lambda r: r["values"],
     ("self", "id", "name", "description", "assigneeType", "project", "projectId", "lead.accountId",
      "lead.displayName")),
    ("Cloud user/bulk", Call(CLOUD, "GET", "/rest/api/3/user/bulk", ACCOUNT_IDS), lambda a: a["values"],
     f"{DEMISTO}get_user_info_test.cloud_raw_response.json", lambda r: [r], (*USER_PATHS, "active")),
    ("Cloud worklog/list", Call(CLOUD, "POST", "/rest/api/3/worklog/list", WORKLOG_IDS), lambda a: a,
     "airbyte-source-jira/issue_worklogs.json", lambda r: r["worklogs"],
     ("self", "id", "issueId", "started", "updated", "timeSpent", "timeSpentSeconds", "comment", "author.accountId",
      "author.displayName")),
]


@pytest.mark.parametrize(("call", "served_at", "name", "recorded_at", "paths"), [c[1:] for c in REROOTED],
                         ids=[c[0] for c in REROOTED])
def test_objects_recorded_inside_another_answer_are_served_in_their_shape(server, call, served_at, name, recorded_at,
                                                                          paths):
    served, recorded = served_at(ask(server, call)), recorded_at(recording(name))
    assert served and recorded  # a comparison of nothing would pass whatever the shapes
    assert shape_differences(recorded, served, [f"[].{p}" for p in paths]) == []
