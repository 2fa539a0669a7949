"""The worklog pass of a partition sync: the instance's changed and deleted worklogs, once per run.

JIRA's worklog feeds are instance-wide, so one pass serves every project of the instance: it
runs after the partition's issues are written, under an advisory lock per instance (a run that
finds another run's pass under way leaves the feeds to it), reads `/worklog/updated` from the
instance's watermark, and keeps the worklogs of issues that have a row in jira_issues_v2
(whatever their partition). A worklog whose issue has no row yet waits, as ids only, until a
pass finds its issue: per-partition watermarks on one instance-wide feed would read it once per
project. `/worklog/deleted` is read only while an issue row changed since deletions were last
read (a deletion moves its issue's `updated`), so a sync with no change sends one request.
Data Center before 7.0 has no feeds: then the partition's issues whose `updated` moved since
their worklogs were read are read one by one.
"""

import logging
import time

from jirasync_dagster.jira.worklogs import WorklogReader
from jirasync_dagster.sync.partition_key import split_partition_key
from jirasync_dagster.warehouse.locks import PartitionBusyError, advisory_lock
from jirasync_dagster.warehouse.worklog_state import read_worklog_state
from jirasync_dagster.sync.worklog_writes import write_from_feeds, write_per_issue

logger = logging.getLogger("jirasync.sync")


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
        try:
            with advisory_lock(self.warehouse.engine, f"worklogs:{self.instance}"):
                self._pass(reader, report)
        except PartitionBusyError:
            self.log.info(f"{report.partition_key}: another run is reading {self.instance}'s worklogs; "
                          "this partition's come with that pass or the next")
        report.worklog_requests.update(reader.requests)

    def _pass(self, reader: WorklogReader, report) -> None:
        with self.warehouse.engine.connect() as conn:
            state = read_worklog_state(conn, self.instance)
        since = 0 if self.rewrite else state.updated_since or 0
        changed = reader.feed("updated", since)
        if changed is None:
            counts = write_per_issue(self.warehouse, reader, self.instance, self.project, self.rewrite)
        else:
            counts = write_from_feeds(self.warehouse, reader, self.instance, state, changed,
                                      self.project if self.rewrite else None, now_ms=int(time.time() * 1000))
        for name, value in counts.items():
            setattr(report, name, getattr(report, name) + value)
        self.log.info(f"{report.partition_key}: worklogs in {sum(reader.requests.values())} requests, {counts}")
