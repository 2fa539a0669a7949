"""Versions, components, boards and sprints: the REST shapes, paging and the /_sandbox mutations over HTTP."""

import pytest

from jirasync_dagster.jira.project_reader import ProjectReader
from jirasync_dagster.sandbox import CUSTOM_FIELDS
from jirasync_dagster_tests.sandbox.conftest import session_for
from jirasync_dagster_tests.sync.helpers import client_for

AGILE = "/rest/agile/1.0"


@pytest.mark.parametrize(("instance", "api"), [("instance_1", 3), ("instance_2", 2)])
def test_version_and_component_mutations_show_in_the_lists_and_in_issues(sandbox, instance, api):
    url, session = sandbox.instance_url(instance), session_for(sandbox, instance)
    def listed(part: str) -> dict:
        return {p["id"]: p for p in session.get(f"{url}/rest/api/{api}/project/ENG/{part}").json()}

    added = session.post(f"{url}/_sandbox/projects/ENG/versions", json={"name": "ENG 9.0"}).json()["id"]
    assert listed("versions")[added]["name"] == "ENG 9.0" and not listed("versions")[added]["released"]
    first = min(listed("versions"), key=int)
    assert session.put(f"{url}/_sandbox/versions/{first}", json={"name": "Renamed", "archived": True}).ok
    assert (listed("versions")[first]["name"], listed("versions")[first]["archived"]) == ("Renamed", True)
    store = sandbox.instance(instance)
    issue = next(r for r in store.records_in(["ENG"]) if r.fix_versions == (0,))

    def fix_versions() -> list:
        return session.get(f"{url}/rest/api/{api}/issue/{issue.key}").json()["fields"]["fixVersions"]

    assert [v["name"] for v in fix_versions()] == ["Renamed"]
    assert session.delete(f"{url}/_sandbox/versions/{first}").status_code == 204
    assert first not in listed("versions") and fix_versions() == []
    component = session.post(f"{url}/_sandbox/projects/ENG/components", json={"name": "Search"}).json()["id"]
    assert session.put(f"{url}/_sandbox/components/{component}", json={"description": "Finding things"}).ok
    assert listed("components")[component]["description"] == "Finding things"
    assert session.put(f"{url}/_sandbox/components/{component}", json={"archived": True}).status_code == 400
    assert session.delete(f"{url}/_sandbox/components/{component}").ok and component not in listed("components")
    assert session.delete(f"{url}/_sandbox/versions/{first}").status_code == 404
    assert session.get(f"{url}/rest/api/{api}/project/NOPE/versions").status_code == 404


def test_sprint_start_close_and_issue_moves_over_the_control_api(sandbox):
    url, session = sandbox.instance_url("instance_2"), session_for(sandbox, "instance_2")
    store, field = sandbox.instance("instance_2"), CUSTOM_FIELDS["instance_2"]["sprint"]
    future = next(i for i, s in store.agile.sprints.items() if s["state"] == "future")
    assert session.post(f"{url}/_sandbox/sprints/{future}/close").status_code == 400  # not started yet
    assert session.post(f"{url}/_sandbox/sprints/{future}/start").ok
    assert session.get(f"{url}{AGILE}/sprint/{future}").json()["state"] == "active"
    issue = next(r for r in store.records_in(["ENG"]) if not store.agile.sprint_ids(r))
    before = issue.updated
    assert session.post(f"{url}/_sandbox/issues/{issue.key}/sprints/{future}").ok
    strings = session.get(f"{url}/rest/api/2/issue/{issue.key}").json()["fields"][field]
    assert len(strings) == 1 and f"[id={future},rapidViewId=" in strings[0] and "state=ACTIVE" in strings[0]
    assert issue.updated > before and store.histories(issue)[-1][3][0]["field"] == "Sprint"
    assert session.post(f"{url}/_sandbox/sprints/{future}/close").ok
    assert "state=CLOSED" in session.get(f"{url}/rest/api/2/issue/{issue.key}").json()["fields"][field][0]
    assert session.delete(f"{url}/_sandbox/issues/{issue.key}/sprints/{future}").ok
    assert session.get(f"{url}/rest/api/2/issue/{issue.key}").json()["fields"][field] is None


def test_agile_lists_page_filter_by_state_and_refuse_kanban_sprints(sandbox):
    url, session = sandbox.instance_url("instance_1"), session_for(sandbox, "instance_1")
    page = session.get(f"{url}{AGILE}/board", params={"projectKeyOrId": "ENG", "maxResults": 1}).json()
    assert (page["total"], page["isLast"], [b["type"] for b in page["values"]]) == (2, False, ["scrum"])
    kanban = session.get(f"{url}{AGILE}/board", params={"projectKeyOrId": "ENG", "startAt": 1}).json()["values"][0]
    assert kanban["type"] == "kanban" and session.get(f"{url}{AGILE}/board/{kanban['id']}/sprint").status_code == 400
    states = {s["state"] for s in session.get(f"{url}{AGILE}/board/1/sprint", params={"state": "active,future"})
              .json()["values"]}
    assert states == {"active"}
    with client_for(sandbox, "instance_1") as client:
        reader, whole = ProjectReader(client, page_size=3), ProjectReader(client)
        assert reader.sprints(1) == whole.sprints(1) and len(reader.sprints(1)) == 10
        assert reader.requests["sprints"] == 8 and whole.requests["sprints"] == 1  # 10 sprints: pages of 3, twice
        assert reader.sprints(kanban["id"]) == [] and reader.sprint(999) is None
