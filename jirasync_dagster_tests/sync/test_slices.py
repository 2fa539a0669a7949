"""Parallel id slices: disjoint, complete, and exact end to end."""

import pytest

from jirasync_dagster.jira import JiraClient
from jirasync_dagster.jira.connection import connections_from_env
from jirasync_dagster.jira.rate_limit import TokenBucket
from jirasync_dagster.jira.transport import JiraTransport
from jirasync_dagster.mapping import IssueConverter
from jirasync_dagster.sandbox import InstanceSpec, SandboxServer, default_specs
from jirasync_dagster.sandbox.config import FaultConfig
from jirasync_dagster.sync import SyncOptions, sync_partition
from jirasync_dagster.sync.slices import id_slices, slice_count, slice_filter
from jirasync_dagster_tests.sync.helpers import (
    client_for,
    ready_warehouse,
    sandbox_view,
    warehouse_view,
)


@pytest.mark.parametrize("low, high, count", [(1, 1, 4), (10, 19, 3), (10000, 99999, 10), (5, 7, 10)])
def test_slices_cover_every_id_exactly_once(low, high, count):
    slices = id_slices(low, high, count)
    assert len(slices) == min(count, high - low + 1)
    # Ids beyond the bounds (issues that arrive mid-read) fall in the open outer slices.
    for issue_id in range(low - 50, high + 50):
        assert sum(1 for start, end in slices
                   if (start is None or issue_id >= start) and (end is None or issue_id < end)) == 1


def test_slice_filter_leaves_outer_bounds_open():
    assert slice_filter('project = "ENG"', None, 100) == '(project = "ENG") AND id < 100'
    assert slice_filter('project = "ENG"', 100, None) == '(project = "ENG") AND id >= 100'


@pytest.mark.parametrize("instance", ["instance_1", "instance_2"])
def test_sliced_full_sync_is_exact(database_url, instance):
    warehouse, mappings = ready_warehouse(database_url)
    with SandboxServer(default_specs(issues=900, seed=11)) as server:
        client = client_for(server, instance)
        client.page_size = 25
        server.instance(instance).clear_request_log()
        report = sync_partition(client, warehouse, IssueConverter(mappings, instance), f"{instance}:ENG",
                                SyncOptions(parallel_slices=6))
        client.close()
        searches = [r for r in server.instance(instance).request_log if "/search" in r[2]]
        assert report.fetched == report.inserted == len(sandbox_view(server, instance, "ENG"))
        assert warehouse_view(warehouse, instance, "ENG") == sandbox_view(server, instance, "ENG")
        # The first page and the highest id, then at least one page per slice: slicing really happened.
        assert len(searches) >= 2 + 6
    warehouse.dispose()


@pytest.mark.parametrize("configured, round_trip, rate, expected", [
    (4, 0.05, 10, 4),    # a fast JIRA: the configured slices
    (4, 1.0, 10, 10),    # a slow one: as many pages in flight as the rate limit allows
    (4, 5.0, 10, 16),    # never more than MAX_SLICES
    (1, 5.0, 10, 1),     # sequential was asked for
    (4, 5.0, 0, 4),      # no rate limit to size against
])
def test_slice_count_grows_with_the_round_trip_within_the_rate(configured, round_trip, rate, expected):
    assert slice_count(configured, round_trip, rate) == expected


def test_a_slow_jira_gets_more_slices_over_http(database_url):
    warehouse, mappings = ready_warehouse(database_url)
    spec = InstanceSpec("instance_1", "cloud", 900, 11, ("ENG",), "UTC", faults=FaultConfig(latency_ms=400))
    with SandboxServer([spec]) as server:
        (connection,) = connections_from_env(server.env())
        client = JiraClient(connection, JiraTransport(connection, limiter=TokenBucket(10)), page_size=25)
        server.instance("instance_1").clear_request_log()
        report = sync_partition(client, warehouse, IssueConverter(mappings, "instance_1"), "instance_1:ENG",
                                SyncOptions(parallel_slices=2))
        client.close()
        assert warehouse_view(warehouse, "instance_1", "ENG") == sandbox_view(server, "instance_1", "ENG")
    # 400 ms a page at 10 requests/s leaves room for 4 pages in flight: 4 slices, not the 2 configured.
    assert report.slices == 4
    warehouse.dispose()
