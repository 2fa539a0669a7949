"""A JIRA user far from UTC: updates around the watermark and across their midnight are all read."""

from datetime import datetime, timezone

import pytest

from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster.sync.jql import epoch_ms
from jirasync_dagster_tests.sync.helpers import (
    HookedClient,
    client_for,
    ready_warehouse,
    run_sync,
    sandbox_view,
    warehouse_view,
)

# 23:59:00 on 1 June in Auckland (UTC+12); the updates below straddle its midnight.
BEFORE_MIDNIGHT = epoch_ms(datetime(2025, 6, 1, 11, 59, tzinfo=timezone.utc))
SECOND, MINUTE = 1000, 60_000


@pytest.mark.parametrize("flavour", ["cloud", "datacenter"])
def test_updates_either_side_of_the_watermark_and_midnight_are_read(database_url, flavour):
    warehouse, mappings = ready_warehouse(database_url)
    spec = InstanceSpec("instance_1", flavour, issues=30, seed=4, projects=("ENG",), time_zone="Pacific/Auckland")
    with SandboxServer([spec]) as server:
        jira = server.instance("instance_1")
        client = HookedClient(client_for(server, "instance_1"), lambda _jql: None)
        assert client.myself()["timeZone"] == "Pacific/Auckland"
        keys = [s["key"] for s in jira.snapshot()]

        def update_at(ms: int, key: str) -> None:
            jira.set_clock(lambda: ms)
            jira.update_issue(key)

        def sync_exactly():
            report = run_sync(client, warehouse, mappings, "instance_1:ENG", overlap_minutes=0)
            assert warehouse_view(warehouse, "instance_1") == sandbox_view(server, "instance_1")
            return report

        sync_exactly()
        update_at(BEFORE_MIDNIGHT, keys[0])
        update_at(BEFORE_MIDNIGHT + MINUTE - 1, keys[1])  # 23:59:59.999 local
        first = sync_exactly()
        assert epoch_ms(first.watermark_after) == BEFORE_MIDNIGHT + MINUTE - 1
        update_at(BEFORE_MIDNIGHT + MINUTE, keys[2])  # 1 ms after the watermark, 00:00 the next local day
        update_at(BEFORE_MIDNIGHT + MINUTE + SECOND, keys[3])
        update_at(BEFORE_MIDNIGHT + 61 * MINUTE, keys[4])  # an hour into the next local day
        second = sync_exactly()
        assert client.searched[-1].endswith(f"updated >= {BEFORE_MIDNIGHT + MINUTE - 1}")
        assert second.fetched == 4  # the watermark's own issue again (>=), and the three after it
        assert epoch_ms(second.watermark_after) == BEFORE_MIDNIGHT + 61 * MINUTE
        client.close()
    warehouse.dispose()
