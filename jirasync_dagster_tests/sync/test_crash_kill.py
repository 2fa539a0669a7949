"""A sync killed with SIGKILL (mid-read, mid-transaction) leaves a consistent table; the next run converges."""

import os
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from jirasync_dagster.sandbox import FaultConfig, InstanceSpec, SandboxServer
from jirasync_dagster_tests.sync.helpers import (
    sandbox_view,
    sync,
    warehouse_view,
    watermark_of,
)

PARTITION = "instance_1:ENG"
# The sync under test runs in a child process so that it can really be killed; the sandbox stays here.
CHILD = """
import os
from jirasync_dagster.jira import JiraClient, connections_from_env
from jirasync_dagster_tests.sync.helpers import ready_warehouse, run_sync
warehouse, mappings = ready_warehouse(os.environ["JIRASYNC_DATABASE_URL"])
client = JiraClient(connections_from_env(os.environ)[0], page_size=50)
run_sync(client, warehouse, mappings, "instance_1:ENG", batch_size=100, parallel_slices=1)
"""


@pytest.fixture
def server():
    spec = InstanceSpec("instance_1", "datacenter", issues=1200, seed=9, projects=("ENG",))
    with SandboxServer([spec]) as server:
        yield server


def start_child(server, database_url) -> subprocess.Popen:
    server.instance("instance_1").set_faults(FaultConfig(latency_ms=40))  # so the kill lands mid-way
    env = {**os.environ, **server.env(), "JIRASYNC_DATABASE_URL": database_url}
    return subprocess.Popen([sys.executable, "-c", CHILD], env=env, stderr=subprocess.DEVNULL)


def kill_when(child: subprocess.Popen, condition, timeout: float = 60.0) -> None:
    """SIGKILL the child as soon as `condition()` holds; fails if the child ends first."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert child.poll() is None, "the sync finished before it could be killed"
        assert time.monotonic() < deadline, "the kill condition never held"
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()


def scalar(warehouse, sql: str):
    with warehouse.engine.connect() as conn:
        return conn.execute(sa.text(sql)).scalar()


def assert_converges(server, warehouse, mappings, watermark_before) -> None:
    """The next run ends exact, with one row per issue and a watermark no later than the data."""
    assert watermark_of(warehouse, PARTITION) == watermark_before  # the killed run moved nothing
    server.instance("instance_1").set_faults(FaultConfig())
    # The killed run's session (and its advisory lock) ends once Postgres notices the dead client.
    report = sync(server, warehouse, mappings, PARTITION, overlap_minutes=0, lock_wait_seconds=10)
    assert warehouse_view(warehouse, "instance_1") == sandbox_view(server, "instance_1")
    assert scalar(warehouse, "SELECT count(*) - count(DISTINCT (instance, issue_id)) FROM jira_issues_v2") == 0
    assert report.watermark_after <= scalar(warehouse, "SELECT max(updated) FROM jira_issues_v2")


def test_kill_while_paging_the_first_full_read(server, warehouse_and_mappings, database_url):
    warehouse, mappings = warehouse_and_mappings
    total = len(server.instance("instance_1").snapshot())
    child = start_child(server, database_url)
    rows = lambda: scalar(warehouse, "SELECT count(*) FROM jira_issues_v2")  # noqa: E731
    kill_when(child, lambda: rows() >= 200)  # two batches committed, more pages to come
    assert rows() < total
    assert_converges(server, warehouse, mappings, watermark_before=None)


def test_kill_inside_the_transaction_that_moves_the_watermark(server, warehouse_and_mappings, database_url):
    warehouse, mappings = warehouse_and_mappings
    sync(server, warehouse, mappings, PARTITION)
    watermark = watermark_of(warehouse, PARTITION)
    jira = server.instance("instance_1")
    for issue in jira.snapshot()[:250]:
        jira.update_issue(issue["key"])
    # Hold the partition's state row: the child's last transaction merges its rows, then blocks on it.
    with warehouse.engine.connect() as blocker:
        blocker.execute(sa.text("SELECT 1 FROM jira_sync_state WHERE partition_key = :p FOR UPDATE"), {"p": PARTITION})
        child = start_child(server, database_url)
        waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        kill_when(child, lambda: scalar(warehouse, waiting) > 0)
        blocker.rollback()
    jira_now, rows = sandbox_view(server, "instance_1"), warehouse_view(warehouse, "instance_1")
    # Two batches of 100 had committed; the last 50 rows died with the transaction they shared with the watermark.
    assert sum(rows[i] != jira_now[i] for i in jira_now) == 50
    assert_converges(server, warehouse, mappings, watermark_before=watermark)
