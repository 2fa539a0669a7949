"""Parallel id slices: disjoint, complete, and exact end to end."""

import pytest

from jirasync_dagster.mapping import IssueConverter
from jirasync_dagster.sandbox import SandboxServer, default_specs
from jirasync_dagster.sync import SyncOptions, sync_partition
from jirasync_dagster.sync.slices import id_slices, slice_filter
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
