"""Two processes syncing one instance with REDIS_URL set pace every request through the one shared Redis bucket.

How the bucket spaces its slots is asserted by accounting in test_shared_limiter.py; this test
checks that real syncs in two processes actually take every slot from it, whatever the timing.
"""

import multiprocessing
import os

import redis

from jirasync_dagster.sandbox import FaultConfig
from jirasync_dagster_tests.sync.helpers import (
    ready_warehouse,
    sandbox_view,
    warehouse_view,
)

RATE = 10.0  # requests per second


def sync_in_process(env: dict, database_url: str, partition: str) -> tuple[dict, dict]:
    """Sync `partition` the way a Dagster run does (JiraResource.client); returns its api counts and
    how many requests each limiter (Redis or in-process) paced."""
    os.environ.update(env)
    from jirasync_dagster.mapping import IssueConverter, MappingStore
    from jirasync_dagster.resources.jira_resource import JiraResource
    from jirasync_dagster.sync import sync_partition
    from jirasync_dagster.warehouse import Warehouse

    resource = JiraResource(name="instance_1", number=1, url=env["JIRA_URL_1"], username=env["JIRA_USERNAME_1"],
                            password=env["JIRA_PASSWORD_1"], requests_per_second=RATE)
    warehouse = Warehouse(database_url)
    client = resource.client()
    try:
        mappings = MappingStore(warehouse.engine).load_active()
        api = sync_partition(client, warehouse, IssueConverter(mappings, "instance_1"), partition).api
        return api, dict(client.transport.limiter.reservations)
    finally:
        client.close()
        warehouse.dispose()


def test_two_processes_take_every_request_slot_from_the_shared_bucket(sandbox, database_url, redis_url):
    warehouse, _ = ready_warehouse(database_url)
    warehouse.dispose()
    instance = sandbox.instance("instance_1")
    instance.set_faults(FaultConfig(max_page_size=2))  # many small pages: 10 to 35 requests per process
    instance.clear_request_log()
    env = {**sandbox.env(), "REDIS_URL": redis_url}
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.starmap(sync_in_process, [(env, database_url, "instance_1:ENG"), (env, database_url, "instance_1:OPS")])
    for api, reservations in results:
        assert api["api_calls"] > 10
        # Every request of each process reserved its slot in Redis; none fell back to a private bucket.
        assert reservations == {"redis": api["api_calls"]}, (api, reservations)
    # One bucket for the site, in Redis: both processes wrote the same key.
    keys = redis.Redis.from_url(redis_url).keys("jirasync:ratelimit:*")
    assert len(keys) == 1, keys
    assert len(instance.request_log) == sum(api["api_calls"] for api, _ in results)
    warehouse, _ = ready_warehouse(database_url)
    for project in ("ENG", "OPS"):
        assert warehouse_view(warehouse, "instance_1", project) == sandbox_view(sandbox, "instance_1", project)
    warehouse.dispose()
