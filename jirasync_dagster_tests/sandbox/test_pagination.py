"""Every issue exactly once across pages, on both flavours."""

from .paging import cloud_keys, dc_keys

JQL = "project = ENG ORDER BY updated ASC, key ASC"


def test_cloud_token_paging_returns_every_issue_once(server, cloud):
    url, session = cloud
    keys = cloud_keys(url, session, JQL, page=37)
    expected = {row["key"] for row in server.instance("instance_1").snapshot("ENG")}
    assert len(keys) == len(set(keys)) == len(expected)
    assert set(keys) == expected


def test_cloud_pages_are_capped_and_have_no_total(cloud):
    url, session = cloud
    data = session.get(f"{url}/rest/api/3/search/jql", params={"jql": JQL, "maxResults": 5000, "fields": "key"}).json()
    assert len(data["issues"]) == 100 and "total" not in data and data["nextPageToken"] and data["isLast"] is False


def test_cloud_search_without_fields_returns_ids_only(cloud):
    url, session = cloud
    data = session.get(f"{url}/rest/api/3/search/jql", params={"jql": JQL, "maxResults": 2}).json()
    assert data["issues"] == [{"id": i["id"]} for i in data["issues"]]


def test_datacenter_startat_paging_returns_every_issue_once(server, dc):
    url, session = dc
    keys = dc_keys(url, session, JQL)
    expected = {row["key"] for row in server.instance("instance_2").snapshot("ENG")}
    assert len(keys) == len(set(keys)) == len(expected)


def test_datacenter_caps_page_size_and_reports_total(dc):
    url, session = dc
    data = session.get(f"{url}/rest/api/2/search", params={"jql": JQL, "maxResults": 1000}).json()
    assert data["maxResults"] == 150 and len(data["issues"]) == 150 and data["total"] > 150


def test_ordering_is_by_updated_then_key(cloud):
    url, session = cloud
    data = session.get(f"{url}/rest/api/3/search/jql",
                       params={"jql": JQL, "maxResults": 100, "fields": "updated"}).json()
    updated = [i["fields"]["updated"] for i in data["issues"]]
    assert updated == sorted(updated)  # same zone (UTC) so text order is time order
