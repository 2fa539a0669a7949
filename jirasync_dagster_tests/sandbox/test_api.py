"""Auth, metadata endpoints and JIRA-style errors over HTTP."""

import requests

from jirasync_dagster.sandbox import CUSTOM_FIELDS, SANDBOX_CREDENTIALS


def test_wrong_or_missing_credentials_get_401_without_the_secret(server):
    url = server.instance_url("instance_1")
    for auth in (None, ("sandbox@example.com", "wrong-token"), ("sandbox", SANDBOX_CREDENTIALS["password"])):
        response = requests.get(f"{url}/rest/api/3/myself", auth=auth)
        assert response.status_code == 401
        assert "wrong-token" not in response.text and response.json()["errorMessages"]
    dc = server.instance_url("instance_2")
    assert requests.get(f"{dc}/rest/api/2/myself", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert requests.get(f"{dc}/rest/api/2/myself", auth=("sandbox", "sandbox-password")).status_code == 200


def test_cloud_old_search_is_gone(cloud):
    url, session = cloud
    response = session.get(f"{url}/rest/api/3/search", params={"jql": ""})
    assert response.status_code == 410 and "/rest/api/3/search/jql" in response.json()["errorMessages"][0]


def test_datacenter_has_no_search_jql(dc):
    url, session = dc
    assert session.get(f"{url}/rest/api/2/search/jql").status_code == 404


def test_server_info_and_myself_shapes(cloud, dc):
    (cloud_url, cloud_session), (dc_url, dc_session) = cloud, dc
    assert cloud_session.get(f"{cloud_url}/rest/api/2/serverInfo").json()["deploymentType"] == "Cloud"
    assert dc_session.get(f"{dc_url}/rest/api/2/serverInfo").json()["deploymentType"] == "Server"
    me = cloud_session.get(f"{cloud_url}/rest/api/3/myself").json()
    assert me["accountId"] and "name" not in me and me["timeZone"] == "UTC"
    me = dc_session.get(f"{dc_url}/rest/api/2/myself").json()
    assert me["name"] == "sandbox" and me["key"] and me["timeZone"] == "Pacific/Auckland"


def test_fields_differ_per_instance_and_carry_schemas(cloud, dc):
    (cloud_url, cloud_session), (dc_url, dc_session) = cloud, dc
    cloud_fields = {f["id"]: f for f in cloud_session.get(f"{cloud_url}/rest/api/3/field").json()}
    dc_fields = {f["id"]: f for f in dc_session.get(f"{dc_url}/rest/api/2/field").json()}
    points_1, points_2 = CUSTOM_FIELDS["instance_1"]["story_points"], CUSTOM_FIELDS["instance_2"]["story_points"]
    assert cloud_fields[points_1]["name"] == dc_fields[points_2]["name"] == "Story Points"
    assert cloud_fields[points_1]["schema"] == {
        "type": "number", "custom": "com.atlassian.jira.plugin.system.customfieldtypes:float", "customId": 10016}
    assert dc_fields[CUSTOM_FIELDS["instance_2"]["sprint"]]["schema"]["items"] == "string"
    assert cloud_fields["fixVersions"]["schema"] == {"type": "array", "items": "version", "system": "fixVersions"}


def test_issue_shapes_v3_rich_text_v2_strings(cloud, dc):
    (cloud_url, cloud_session), (dc_url, dc_session) = cloud, dc
    v3 = cloud_session.post(f"{cloud_url}/rest/api/3/search/jql",
                            json={"jql": "project = ENG", "fields": ["*all"], "maxResults": 50}).json()["issues"]
    described = next(i for i in v3 if i["fields"]["description"])
    assert described["fields"]["description"]["type"] == "doc"
    sprint_id = CUSTOM_FIELDS["instance_1"]["sprint"]
    assert isinstance(next(i for i in v3 if i["fields"][sprint_id])["fields"][sprint_id][0], dict)
    # As real *all pages: 6-7 KB of fields, plus the embedded comments (each with its author twice) and links.
    assert 3000 < sum(len(requests.models.complexjson.dumps(i)) for i in v3) / len(v3) < 12000
    v2 = dc_session.get(f"{dc_url}/rest/api/2/search", params={"jql": "project = ENG", "maxResults": 50}).json()["issues"]
    assert isinstance(next(i for i in v2 if i["fields"]["description"])["fields"]["description"], str)
    sprint_id = CUSTOM_FIELDS["instance_2"]["sprint"]
    assert next(i for i in v2 if i["fields"][sprint_id])["fields"][sprint_id][0].startswith(
        "com.atlassian.greenhopper.service.sprint.Sprint@")
    assert "name" in v2[0]["fields"]["reporter"] and "accountId" not in v2[0]["fields"]["reporter"]


def test_missing_issue_is_404_and_bad_jql_is_400(cloud):
    url, session = cloud
    response = session.get(f"{url}/rest/api/3/issue/ENG-999999")
    assert response.status_code == 404 and response.json() == {
        "errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {}}
    response = session.get(f"{url}/rest/api/3/search/jql", params={"jql": "project = = ENG"})
    assert response.status_code == 400 and "Expecting a value" in response.json()["errorMessages"][0]


def test_projects_listings(cloud, dc):
    (cloud_url, cloud_session), (dc_url, dc_session) = cloud, dc
    page = cloud_session.get(f"{cloud_url}/rest/api/3/project/search", params={"maxResults": 2}).json()
    assert [p["key"] for p in page["values"]] == ["ENG", "OPS"] and page["total"] == 3 and not page["isLast"]
    assert [p["key"] for p in dc_session.get(f"{dc_url}/rest/api/2/project").json()] == ["DATA", "ENG", "WEB"]
