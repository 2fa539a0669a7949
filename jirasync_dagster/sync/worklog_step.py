"""The worklog pass of a partition sync: the instance's changed and deleted worklogs.

JIRA's worklog feeds are instance-wide, so a pass serves every project of the instance. It
runs after the partition's issues are committed, under an advisory lock per instance; a
partition whose issues were committed before another pass began (partitions of one run,
synced side by side) waits for that pass and sends nothing itself. The pass reads
`/worklog/updated` from the instance's watermark and keeps the worklogs of issues that have a
row in jira_issues_v2, whatever their partition; a worklog whose issue has no row yet waits,
as ids only, until a pass finds its issue. Per-partition watermarks on the one feed would read
it once per project, and every change of other projects with it. `/worklog/deleted` is read
only while an issue row changed since deletions were last read (a deletion moves its issue's
`updated`), so a sync with no change sends one request. Data Center before 7.0 has no feeds:
then the partition's issues whose `updated` moved since their worklogs were read are read one
by one.
"""

import logging
import time
from datetime import datetime

import sqlalchemy as sa

from jirasync_dagster.jira.worklogs import WorklogReader
from jirasync_dagster.sync.partition_key import split_partition_key
from jirasync_dagster.sync.worklog_writes import write_from_feeds, write_per_issue
from jirasync_dagster.warehouse.locks import PartitionBusyError, advisory_lock
from jirasync_dagster.warehouse.worklog_state import read_worklog_state

logger = logging.getLogger("jirasync.sync")
PASS_WAIT_SECONDS = 300  # how long a partition waits for another run's pass of the same instance


class WorklogStep:
    """Mirrors the worklogs of one instance's synced issues into jira_worklogs."""

    def __init__(self, client, warehouse, partition: str, *, rewrite: bool = False, log=logger):
        self.client, self.warehouse, self.rewrite, self.log = client, warehouse, rewrite, log
        self.instance, self.project = split_partition_key(partition)
        self.enabled = "worklogs" not in set(getattr(client.connection, "skip", ()))

    def run(self, report) -> None:
        """Read and write the instance's worklog changes; count requests and rows in `report`."""
        if not self.enabled:
            return
        reader = WorklogReader(self.client)
        ready_at = self._now()  # this partition's issues are committed
        try:
            with advisory_lock(self.warehouse.engine, f"worklogs:{self.instance}", wait_seconds=PASS_WAIT_SECONDS):
                self._pass(reader, report, ready_at)
        except PartitionBusyError:
            self.log.warning(f"{report.partition_key}: another run has been reading {self.instance}'s worklogs for "
                             f"{PASS_WAIT_SECONDS} s; this partition's come with the next pass")
        report.worklog_requests.update(reader.requests)

    def _pass(self, reader: WorklogReader, report, ready_at: datetime) -> None:
        with self.warehouse.engine.connect() as conn:
            state = read_worklog_state(conn, self.instance)
        if not self.rewrite and state.pass_started_at is not None and state.pass_started_at >= ready_at:
            self.log.info(f"{report.partition_key}: worklogs read by a pass that began after this partition's issues")
            return
        started = self._now()
        changed = reader.feed("updated", 0 if self.rewrite else state.updated_since or 0)
        if changed is None:
            counts = write_per_issue(self.warehouse, reader, self.instance, self.project, self.rewrite)
        else:
            counts = write_from_feeds(self.warehouse, reader, self.instance, state, changed,
                                      self.project if self.rewrite else None, int(time.time() * 1000), started)
        for name, value in counts.items():
            setattr(report, name, getattr(report, name) + value)
        self.log.info(f"{report.partition_key}: worklogs in {sum(reader.requests.values())} requests, {counts}")

    def _now(self) -> datetime:
        with self.warehouse.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.now())).scalar_one()
