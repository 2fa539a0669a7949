"""Instance metadata is fetched once per TTL and shared through Redis; Redis being down costs nothing."""

import logging

from jirasync_dagster.jira.metadata_cache import cache_namespace
from jirasync_dagster.resources.jira_resource import JiraResource


def resource_for(sandbox, **config) -> JiraResource:
    env = sandbox.env()
    return JiraResource(**{"name": "instance_2", "number": 2, "url": env["JIRA_URL_2"], "token": env["JIRA_TOKEN_2"], **config})


def metadata_requests(sandbox) -> list[str]:
    return [path for _, _, path, _ in sandbox.instance("instance_2").request_log
            if path.endswith(("/field", "/myself", "/serverInfo"))]


def fetch_metadata(resource) -> None:
    client = resource.client()
    try:
        client.fields(), client.myself(), client.server_info()
    finally:
        client.close()


def test_second_client_reads_metadata_from_redis(sandbox, redis_url):
    resource = resource_for(sandbox)
    fetch_metadata(resource)
    fetch_metadata(resource)
    assert sorted(metadata_requests(sandbox)) == ["/rest/api/2/field", "/rest/api/2/myself", "/rest/api/2/serverInfo"]


def test_expired_metadata_is_fetched_again(sandbox, redis_url):
    resource = resource_for(sandbox, metadata_cache_seconds=0.001)
    fetch_metadata(resource)
    fetch_metadata(resource)
    assert len(metadata_requests(sandbox)) >= 6  # serverInfo may be asked twice: for the flavour, then itself


def test_other_credentials_do_not_share_the_cache_nor_show_in_its_keys(sandbox):
    mine, theirs = resource_for(sandbox).connection(), resource_for(sandbox, token="another-token").connection()
    assert cache_namespace(mine) != cache_namespace(theirs)
    assert mine.token not in cache_namespace(mine)


def test_dead_redis_still_syncs_metadata_in_process(sandbox, dead_redis_url, caplog):
    caplog.set_level(logging.WARNING, "jirasync.jira")
    fetch_metadata(resource_for(sandbox, requests_per_second=50))
    assert len(metadata_requests(sandbox)) == 3
    assert sum("Redis" in r.getMessage() for r in caplog.records) == 1
