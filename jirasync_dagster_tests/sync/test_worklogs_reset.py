"""Worklogs through `jirasync reset` of a partition, and partitions of one instance synced side by side."""

from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from jirasync_dagster.operations.reset import execute_reset, plan_reset
from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster_tests.sync.helpers import sync
from jirasync_dagster_tests.sync.worklog_views import sandbox_worklogs, worklog_requests, worklogs_view

SPEC = InstanceSpec("instance_1", "cloud", issues=60, seed=5, projects=("ENG", "OPS", "SUP"))


def test_reset_deletes_the_partitions_worklogs_and_its_next_sync_brings_them_back(warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    with SandboxServer([SPEC]) as server:
        for project in SPEC.projects:
            sync(server, warehouse, mappings, f"instance_1:{project}")
        with warehouse.engine.connect() as conn:
            execute_reset(warehouse.engine, plan_reset(conn, ["instance_1:ENG"]))
        assert worklogs_view(warehouse, "instance_1") == sandbox_worklogs(server, "instance_1", {"OPS", "SUP"})
        sync(server, warehouse, mappings, "instance_1:ENG")
        assert worklogs_view(warehouse, "instance_1") == sandbox_worklogs(server, "instance_1") != {}


def test_partitions_synced_side_by_side_share_a_pass_or_each_read_their_own(warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    with SandboxServer([SPEC]) as server:
        partitions = [f"instance_1:{project}" for project in SPEC.projects]
        with ThreadPoolExecutor(3) as pool:
            reports = list(pool.map(lambda p: sync(server, warehouse, mappings, p), partitions))
        assert worklogs_view(warehouse, "instance_1") == sandbox_worklogs(server, "instance_1")
        passes = sum(r.worklog_requests["worklog_updated"] for r in reports)
        assert 1 <= passes <= 3 and worklog_requests(server, "instance_1")["updated"] == passes
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM jira_worklog_waiting")).scalar() == 0
