"""Worklogs over HTTP: the feeds, /worklog/list, an issue's list, and the /_sandbox mutations that change them."""

import pytest

from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster_tests.sandbox.conftest import session_for


@pytest.mark.parametrize(("instance", "api"), [("instance_1", 3), ("instance_2", 2)])
def test_mutations_show_in_the_feeds_the_list_and_the_issue(server, instance, api):
    url, session = server.instance_url(instance), session_for(server, instance)
    rest = f"{url}/rest/api/{api}"
    start = session.get(f"{rest}/worklog/updated", params={"since": 0}).json()
    assert start["lastPage"] and start["values"] and "nextPage" not in start
    since = start["until"]
    assert session.get(f"{rest}/worklog/updated", params={"since": since}).json()["values"] == []
    issue = session.get(f"{rest}/issue/ENG-1", params={"fields": "updated"}).json()
    logged = session.post(f"{url}/_sandbox/issues/ENG-1/worklogs", json={"seconds": 5400, "comment": "Pairing"})
    added = logged.json()["id"]
    (entry,) = session.get(f"{rest}/worklog/updated", params={"since": since}).json()["values"]
    assert entry["worklogId"] == int(added)
    (worklog,) = session.post(f"{rest}/worklog/list", json={"ids": [int(added)]}).json()
    assert (worklog["issueId"], worklog["timeSpentSeconds"], worklog["timeSpent"]) == (issue["id"], 5400, "1h 30m")
    assert worklog["comment"] == ("Pairing" if api == 2 else
                                  {"type": "doc", "version": 1, "content": [
                                      {"type": "paragraph", "content": [{"type": "text", "text": "Pairing"}]}]})
    moved = session.get(f"{rest}/issue/ENG-1", params={"fields": "updated"}).json()["fields"]["updated"]
    assert moved > issue["fields"]["updated"]  # logging work moves the issue's updated, as in JIRA
    assert session.put(f"{url}/_sandbox/worklogs/{added}", json={"seconds": 60}).status_code == 204
    edited = session.get(f"{rest}/issue/ENG-1/worklog").json()
    assert [w["timeSpentSeconds"] for w in edited["worklogs"] if w["id"] == added] == [60]
    assert session.delete(f"{url}/_sandbox/worklogs/{added}").status_code == 204
    gone = session.get(f"{rest}/worklog/deleted", params={"since": since}).json()["values"]
    assert [g["worklogId"] for g in gone] == [int(added)]
    assert session.post(f"{rest}/worklog/list", json={"ids": [int(added)]}).json() == []
    assert session.delete(f"{url}/_sandbox/worklogs/{added}").status_code == 404


def test_feeds_page_by_time_and_the_list_refuses_more_than_1000_ids(server):
    url, session = server.instance_url("instance_1"), session_for(server, "instance_1")
    for _ in range(3):
        session.post(f"{url}/_sandbox/issues/ENG-2/worklogs", json={"seconds": 60})
    every = session.get(f"{url}/rest/api/3/worklog/updated", params={"since": 0}).json()["values"]
    times = [v["updatedTime"] for v in every]
    assert times == sorted(times) and len(set(v["worklogId"] for v in every)) == len(every)
    assert session.post(f"{url}/rest/api/3/worklog/list", json={"ids": list(range(1001))}).status_code == 400


def test_a_data_center_without_the_feeds_answers_404_but_lists_an_issues_worklogs():
    spec = InstanceSpec("instance_1", "datacenter", issues=30, seed=5, worklog_feed=False)
    with SandboxServer([spec]) as server:
        url, session = server.instance_url("instance_1"), session_for(server, "instance_1")
        assert session.get(f"{url}/rest/api/2/worklog/updated", params={"since": 0}).status_code == 404
        assert session.post(f"{url}/rest/api/2/worklog/list", json={"ids": [20000]}).status_code == 404
        issue = next(r for r in server.instance("instance_1").records_in(None)
                     if server.instance("instance_1").worklogs.of_issue(r.id))
        page = session.get(f"{url}/rest/api/2/issue/{issue.key}/worklog").json()
        assert page["total"] == len(page["worklogs"]) > 0 and page["worklogs"][0]["issueId"] == str(issue.id)
