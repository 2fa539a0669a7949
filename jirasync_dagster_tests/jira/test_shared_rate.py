"""Two processes syncing one instance through a shared Redis limit stay under its rate, measured at JIRA."""

import multiprocessing
import os
import time

from jirasync_dagster.sandbox import FaultConfig
from jirasync_dagster_tests.sync.helpers import (
    ready_warehouse,
    sandbox_view,
    warehouse_view,
)

RATE = 10.0  # requests per second; the bucket's burst is one second's worth (10)


def sync_in_process(env: dict, database_url: str, partition: str) -> tuple[dict, float, float]:
    """Sync `partition` the way a Dagster run does (JiraResource.client); returns api counts, start, end."""
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
        started = time.time()
        api = sync_partition(client, warehouse, IssueConverter(mappings, "instance_1"), partition).api
        return api, started, time.time()
    finally:
        client.close()
        warehouse.dispose()


def busiest_second(stamps: list[float]) -> int:
    """The most requests that fell in any one-second window."""
    return max(sum(1 for t in stamps[i:] if t < start + 1.0) for i, start in enumerate(stamps))


def test_two_processes_never_exceed_the_shared_rate(sandbox, database_url, redis_url):
    warehouse, _ = ready_warehouse(database_url)
    warehouse.dispose()
    instance = sandbox.instance("instance_1")
    instance.set_faults(FaultConfig(max_page_size=2))  # many small pages: 10 to 35 requests per process
    instance.clear_request_log()
    env = {**sandbox.env(), "REDIS_URL": redis_url}
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.starmap(sync_in_process, [(env, database_url, "instance_1:ENG"), (env, database_url, "instance_1:OPS")])
    stamps = sorted(entry[0] for entry in instance.request_log)
    busiest = busiest_second(stamps)
    sustained = (len(stamps) - RATE) / (stamps[-1] - stamps[0])
    print(f"\n{len(stamps)} requests in {stamps[-1] - stamps[0]:.2f}s; busiest second {busiest}; "
          f"sustained after the burst {sustained:.2f}/s; configured {RATE}/s with burst {RATE:.0f}")
    # A GCRA bucket admits at most burst + rate × T in any window T: 20 in one second. One more is
    # allowed because the log stamps when JIRA answered, not when the slot was reserved, so network
    # jitter can pull one request into the window.
    assert busiest <= 2 * RATE + 1
    assert sustained <= RATE * 1.05
    (api_a, start_a, end_a), (api_b, start_b, end_b) = results
    assert api_a["api_calls"] > 10 and api_b["api_calls"] > 10
    assert start_a < end_b and start_b < end_a, "the two syncs did not overlap"
    warehouse, _ = ready_warehouse(database_url)
    assert warehouse_view(warehouse, "instance_1", "ENG") == sandbox_view(sandbox, "instance_1", "ENG")
    warehouse.dispose()
