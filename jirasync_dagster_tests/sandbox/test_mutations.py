"""Mutations (in-process and over /_sandbox) are reflected in search, snapshot and changelog."""

import requests

from .paging import cloud_keys


def _search(url, session, jql, fields="summary,status,updated"):
    return session.post(f"{url}/rest/api/3/search/jql", json={"jql": jql, "fields": fields.split(",")}).json()["issues"]


def test_create_update_delete_show_up_in_search_and_snapshot(server, cloud):
    url, session = cloud
    store = server.instance("instance_1")
    created = store.create_issue("OPS", summary="Brand new")
    assert _search(url, session, f"key = {created['key']}")[0]["fields"]["summary"] == "Brand new"
    before = {row["id"]: row["updated"] for row in store.snapshot()}[int(created["id"])]
    store.update_issue(created["key"], status="Done")
    after = {row["id"]: row["updated"] for row in store.snapshot()}[int(created["id"])]
    assert after > before and after.tzinfo is not None and after.microsecond % 1000 == 0
    assert _search(url, session, f"id = {created['id']}")[0]["fields"]["status"]["name"] == "Done"
    store.delete_issue(created["id"])
    assert int(created["id"]) not in {row["id"] for row in store.snapshot()}
    assert created["key"] not in cloud_keys(url, session, "project = OPS")


def test_updates_are_strictly_increasing_and_found_by_updated_jql(server, cloud):
    url, session = cloud
    store = server.instance("instance_1")
    store.update_issue("ENG-1")
    store.update_issue("ENG-2")
    rows = {row["key"]: row["updated"] for row in store.snapshot("ENG")}
    assert rows["ENG-2"] > rows["ENG-1"]
    since = int(rows["ENG-1"].timestamp() * 1000)
    assert [i["key"] for i in _search(url, session, f"project = ENG AND updated >= {since} ORDER BY updated")] == [
        "ENG-1", "ENG-2"]


def test_move_keeps_id_and_changes_key(server, cloud):
    url, session = cloud
    store = server.instance("instance_1")
    issue_id = _search(url, session, "key = ENG-3")[0]["id"]
    new_key = store.move_issue("ENG-3", "SUP")
    assert new_key.startswith("SUP-")
    assert session.get(f"{url}/rest/api/3/issue/{issue_id}").json()["key"] == new_key
    assert session.get(f"{url}/rest/api/3/issue/ENG-3").status_code == 404
    assert session.get(f"{url}/rest/api/3/search/jql", params={"jql": "key = ENG-3"}).status_code == 400


def test_hidden_and_new_projects(server, cloud):
    url, session = cloud
    store = server.instance("instance_1")
    store.set_project_visible("SUP", False)
    response = session.get(f"{url}/rest/api/3/search/jql", params={"jql": "project = SUP"})
    assert response.status_code == 400 and "does not exist" in response.json()["errorMessages"][0]
    listed = session.get(f"{url}/rest/api/3/project/search").json()["values"]
    assert "SUP" not in [p["key"] for p in listed]
    assert all(not k.startswith("SUP-") for k in cloud_keys(url, session, ""))
    store.create_project("NEW", "New things")
    assert _search(url, session, "project = NEW") == []


def test_http_control_endpoints(server, dc):
    url, session = dc
    control = f"{url}/_sandbox"
    created = requests.post(f"{control}/issues", json={"project": "WEB", "fields": {"summary": "Via HTTP"}}).json()
    assert requests.put(f"{control}/issues/{created['key']}", json={"fields": {"status": "In Progress"}}).ok
    moved = requests.post(f"{control}/issues/{created['key']}/move", json={"project": "DATA"}).json()["key"]
    issue = session.get(f"{url}/rest/api/2/issue/{created['id']}", params={"expand": "changelog"}).json()
    assert issue["key"] == moved and issue["fields"]["status"]["name"] == "In Progress"
    assert [i["field"] for h in issue["changelog"]["histories"] for i in h["items"]] == ["status", "project", "Key"]
    assert requests.post(f"{control}/projects", json={"key": "OPS", "name": "Ops"}).status_code == 201
    snapshot = requests.get(f"{control}/snapshot", params={"project": "DATA"}).json()
    assert any(row["key"] == moved for row in snapshot)
    assert requests.delete(f"{control}/issues/{moved}").status_code == 204
    assert requests.delete(f"{control}/issues/{moved}").status_code == 404
    stats = requests.get(f"{control}/stats").json()
    assert stats["by_path"]["GET /rest/api/2/issue/" + created["id"]] == 1
