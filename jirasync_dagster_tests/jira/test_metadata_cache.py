"""Instance metadata is fetched once per TTL and shared through Redis; Redis being down costs nothing."""

import logging

from jirasync_dagster.jira.metadata_cache import cache_namespace
from jirasync_dagster.resources.jira_resource import JiraResource


def resource_for(sandbox, **config) -> JiraResource:
    env = sandbox.env()
    return JiraResource(**{"name": "instance_2", "number": 2, "url": env["JIRA_URL_2"], "token": env["JIRA_TOKEN_2"], **config})


def fetch_metadata(resource) -> int:
    """Read /field, /myself and serverInfo through a new client; returns the requests it sent."""
    client = resource.client()
    try:
        client.fields(), client.myself(), client.server_info()
        return client.stats.api_calls
    finally:
        client.close()


def test_second_client_reads_metadata_from_redis(sandbox, redis_url):
    resource = resource_for(sandbox)
    assert fetch_metadata(resource) == 3
    assert fetch_metadata(resource) == 0


def test_expired_metadata_is_fetched_again(sandbox, redis_url):
    resource = resource_for(sandbox, metadata_cache_seconds=0.001)
    fetch_metadata(resource)
    assert fetch_metadata(resource) >= 3  # serverInfo may be asked twice: for the flavour, then itself


def test_other_credentials_do_not_share_the_cache_nor_show_in_its_keys(sandbox):
    mine, theirs = resource_for(sandbox).connection(), resource_for(sandbox, token="another-token").connection()
    assert cache_namespace(mine) != cache_namespace(theirs)
    assert mine.token not in cache_namespace(mine)


def test_dead_redis_still_syncs_metadata_in_process(sandbox, dead_redis_url, caplog):
    caplog.set_level(logging.WARNING, "jirasync.jira")
    assert fetch_metadata(resource_for(sandbox, requests_per_second=50)) == 3
    assert sum("Redis" in r.getMessage() for r in caplog.records) == 1
