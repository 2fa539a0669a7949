"""Users over HTTP: Cloud's /user/bulk (repeated accountId, paged), a single /user, and the /_sandbox rename."""

from jirasync_dagster_tests.sandbox.conftest import session_for


def test_bulk_answers_the_known_ids_a_page_at_a_time(server):
    url, session = server.instance_url("instance_1"), session_for(server, "instance_1")
    ids = [u["accountId"] for u in server.instance("instance_1").renderers[3].o.users[:12]]
    first = session.get(f"{url}/rest/api/3/user/bulk", params={"accountId": [*ids, "no-such-id"]}).json()
    assert (first["total"], first["maxResults"], first["isLast"]) == (12, 10, False)
    rest = session.get(f"{url}/rest/api/3/user/bulk", params={"accountId": ids, "startAt": 10}).json()
    assert [u["accountId"] for u in first["values"] + rest["values"]] == ids and rest["isLast"]
    assert session.get(f"{url}/rest/api/3/user/bulk").status_code == 400


def test_rename_shows_in_the_user_and_in_issues_that_embed_it(server):
    url, session = server.instance_url("instance_2"), session_for(server, "instance_2")
    store = server.instance("instance_2")
    issue = next(r for r in store.records_in(["ENG"]) if r.assignee is not None)
    name = store.renderers[2].o.users[issue.assignee]["name"]
    assert session.get(f"{url}/rest/api/2/user", params={"username": name}).json()["name"] == name
    assert session.put(f"{url}/_sandbox/users/{name}", json={"displayName": "New Name"}).status_code == 204
    assert session.get(f"{url}/rest/api/2/user", params={"username": name}).json()["displayName"] == "New Name"
    fields = session.get(f"{url}/rest/api/2/issue/{issue.key}", params={"fields": "assignee"}).json()["fields"]
    assert fields["assignee"]["displayName"] == "New Name"
    assert session.get(f"{url}/rest/api/2/user", params={"username": "nobody"}).status_code == 404
    assert session.put(f"{url}/_sandbox/users/nobody", json={"displayName": "x"}).status_code == 404
