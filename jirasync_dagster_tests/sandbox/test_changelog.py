"""Changelogs: truncated in search, complete through pagination and bulkfetch."""

from jirasync_dagster.sandbox.changelog import histories


def _long_issue(server):
    store = server.instance("instance_1")
    return next(r for r in store.records_in(None) if len(store.histories(r)) > 100)


def test_search_expand_truncates_and_issue_changelog_pages_complete(server, cloud):
    url, session = cloud
    record = _long_issue(server)
    total = len(server.instance("instance_1").histories(record))
    issue = session.post(f"{url}/rest/api/3/search/jql",
                         json={"jql": f"id = {record.id}", "fields": ["summary"], "expand": "changelog"}).json()["issues"][0]
    log = issue["changelog"]
    assert log["total"] == total and len(log["histories"]) == 20 and log["startAt"] == total - 20
    seen, start = [], 0
    while True:
        page = session.get(f"{url}/rest/api/3/issue/{record.key}/changelog", params={"startAt": start}).json()
        seen += [h["id"] for h in page["values"]]
        start += len(page["values"])
        if page["isLast"]:
            break
    assert len(seen) == len(set(seen)) == total and seen[-20:] == [h["id"] for h in log["histories"]]


def test_bulkfetch_returns_every_entry_once(server, cloud):
    url, session = cloud
    store = server.instance("instance_1")
    records = store.records_in({"ENG"})[:300]
    expected = {(str(r.id), str(h[0])) for r in records for h in store.histories(r)}
    seen, token = [], None
    while True:
        body = {"issueIdsOrKeys": [r.key for r in records], "maxResults": 97}
        if token:
            body["nextPageToken"] = token
        page = session.post(f"{url}/rest/api/3/changelog/bulkfetch", json=body).json()
        assert sum(len(log["changeHistories"]) for log in page["issueChangeLogs"]) <= 97
        seen += [(log["issueId"], h["id"]) for log in page["issueChangeLogs"] for h in log["changeHistories"]]
        token = page.get("nextPageToken")
        if not token:
            break
    assert len(seen) == len(set(seen)) and set(seen) == expected


def test_seeded_history_ends_at_updated_with_status_transitions(server):
    store = server.instance("instance_1")
    record = next(r for r in store.records_in({"ENG"}) if r.status_i == 4)  # Done
    entries = histories(record, 0, "customfield_10019")
    assert [i["toString"] for _, _, _, items in entries for i in items] == ["In Progress", "In Review", "Done"]
    assert entries[-1][2] == record.updated
