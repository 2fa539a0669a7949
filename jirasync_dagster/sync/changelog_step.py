"""The changelog step of a partition sync: complete changelogs in, transition columns out.

It follows the read (changelogs of the issues on the pages read so far are fetched while
the next pages are read), then finishes once the partition's batches are merged, inside
the partition lock. It works from the warehouse, not from the pages just read, so it is self-healing: an
issue whose stored changelog is older than its row (`updated` differs from the one recorded
in jira_issue_changelog_state — new, changed, or missed by a run that failed after its
merge) gets its changelog fetched, in chunks of up to 1000 issues (one
Cloud bulkfetch call each); every row rewritten since its transition columns were last
computed gets them computed again from the stored changelog (a merge writes NULL there,
since search results carry no complete changelog).
"""

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from jirasync_dagster.jira.changelog import BULKFETCH_MAX_ISSUES, ChangelogFetcher
from jirasync_dagster.mapping import IssueConverter
from jirasync_dagster.sync.options import SyncOptions
from jirasync_dagster.sync.partition_key import split_partition_key
from jirasync_dagster.sync.prefetch import prefetched
from jirasync_dagster.sync.transition_columns import derive_transition_columns, transition_mappings
from jirasync_dagster.warehouse.changelog import (
    pending_issues,
    refresh_changelog_statistics,
    stale_changelogs,
    store_changelogs,
)
from jirasync_dagster.warehouse.locks import transaction_lock

STATISTICS_REFRESH_ROWS = 20_000
logger = logging.getLogger("jirasync.sync")


@dataclass(frozen=True)
class ChangelogOptions:
    """Switches of the changelog step, read from SyncOptions.

    `changelogs` (default True): fetch and store changelogs and derive transition columns;
    False skips the step entirely (transition columns then stay as the merge wrote them: NULL).
    `changelog_chunk_size` (default 1000, at most 1000): issues per fetch (one Cloud bulkfetch call).
    """

    enabled: bool = True
    chunk_size: int = BULKFETCH_MAX_ISSUES

    @classmethod
    def of(cls, options) -> "ChangelogOptions":
        """The changelog switches of a SyncOptions (defaults where it has none)."""
        return cls(options.changelogs, min(options.changelog_chunk_size, BULKFETCH_MAX_ISSUES))


@dataclass
class ChangelogStepResult:
    """What one changelog step did."""

    issues_fetched: int = 0
    entries: int = 0
    api_calls: int = 0
    rows_derived: int = 0
    seconds: float = 0.0  # spent after the read; the rest of the step overlaps it


class ChangelogStep:
    """The changelog step of one partition sync: it follows the read, then finishes after it.

    `follow({id: updated})` hands over issues as their page is read; each full chunk of them
    whose stored changelog is stale is fetched and stored in the background while the read
    goes on, and `read_done()` sends the last partial chunk. `finish()` then runs the
    self-healing pass over the partition (see above): anything a failed fetch left, and the
    transition columns of the merged rows.
    """

    def __init__(self, client, warehouse, converter, partition: str, options: SyncOptions = SyncOptions(),
                 log=logger):
        self.warehouse, self.partition, self.log = warehouse, partition, log
        self.settings = ChangelogOptions.of(options)
        self.fetch_threads = max(1, options.parallel_slices)
        self.instance, self.project = split_partition_key(partition)
        self.derived = transition_mappings(converter.columns, self.instance)
        self.deriver = IssueConverter(self.derived, self.instance) if self.derived else None
        self.fetcher = ChangelogFetcher(client, chunk_size=self.settings.chunk_size, log=log)
        self.result = ChangelogStepResult()
        self._counts = threading.Lock()
        self._analysed_at = 0
        self._gathered: dict[int, datetime | None] = {}  # read, not yet in a chunk: {id: updated}
        self._pool: ThreadPoolExecutor | None = None
        self._jobs: list[Future] = []

    def __enter__(self) -> "ChangelogStep":
        return self

    def __exit__(self, *exc) -> None:
        self._stop_following()

    def follow(self, issues: dict) -> None:
        """Fetch the changelogs of these just-read issues ({id: updated}) in the background; one caller thread."""
        if not self.settings.enabled:
            return
        self._gathered.update(issues)
        size = self.settings.chunk_size
        if len(self._gathered) < size:
            return
        # Full chunks only, so following costs no more requests than one pass after the read.
        items = list(self._gathered.items())
        while len(items) >= size:
            self._submit(dict(items[:size]))
            items = items[size:]
        self._gathered = dict(items)

    def read_done(self) -> None:
        """The read is over: fetch the last partial chunk now, while the last batch is merged."""
        if self.settings.enabled and self._gathered:
            self._submit(self._gathered)
            self._gathered = {}

    def _submit(self, issues: dict) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.fetch_threads, thread_name_prefix="jirasync-changelogs")
        self._jobs.append(self._pool.submit(self._fetch_stale, issues))

    def finish(self, report=None) -> ChangelogStepResult:
        """Wait for the chunks in flight, then bring every pending issue of the partition up to date."""
        if not self.settings.enabled:
            return self.result
        started = time.monotonic()
        for job in self._jobs:
            if (error := job.exception()) is not None:
                # The pass below fetches what this chunk did not, and raises if JIRA still fails.
                self.log.info(f"{self.partition}: a changelog chunk is left for after the read ({error})")
        self._stop_following()
        next_chunk = _pending_chunks(self.warehouse, self.instance, self.project, bool(self.derived),
                                     self.settings.chunk_size)
        # Chunks are fetched concurrently (as many as the sync's slices) while earlier ones are stored.
        for chunk, stale, fetched in prefetched([self._fetched(iter(next_chunk, None))
                                                 for _ in range(self.fetch_threads)]):
            self._store(stale, fetched, chunk)
        self.result.seconds = time.monotonic() - started
        return self._report(report)

    def _stop_following(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _fetch_stale(self, issues: dict) -> None:
        with self.warehouse.engine.connect() as conn:
            stale, with_rows = stale_changelogs(conn, self.instance, issues)
        if stale:
            self._store(stale, self.fetcher.fetch(list(stale)), with_rows=with_rows)

    def _fetched(self, chunks):
        for chunk in chunks:
            stale = {issue_id: updated for issue_id, updated, _, is_stale in chunk if is_stale}
            yield chunk, stale, (self.fetcher.fetch(list(stale)) if stale else {})

    def _store(self, stale: dict, fetched: dict, rows: list[tuple] | None = None,
               with_rows: set[int] | None = None) -> None:
        """Store fetched changelogs; with `rows` (pending rows), also derive their transition columns."""
        with self.warehouse.engine.begin() as conn:
            # Chunks of this and other partitions (an issue moved between projects) store one at a time.
            transaction_lock(conn, f"changelog:{self.instance}")
            entries = store_changelogs(conn, self.instance, fetched, stale, with_rows)
            derived = 0
            if rows and self.deriver is not None:
                derived = derive_transition_columns(conn, self.instance, self.deriver, self.derived, rows)
        with self._counts:
            self.result.entries += entries
            self.result.issues_fetched += len(stale)
            self.result.rows_derived += derived
            analyse = self.result.entries - self._analysed_at > max(STATISTICS_REFRESH_ROWS, self._analysed_at)
            if analyse:
                self._analysed_at = self.result.entries
        if analyse:
            # The table grows within one sync; with statistics from when it was small the
            # planner scans all of it for each chunk's delete (quadratic). Doubling keeps this rare.
            refresh_changelog_statistics(self.warehouse.engine)

    def _report(self, report) -> ChangelogStepResult:
        result = self.result
        result.api_calls = self.fetcher.calls
        if report is not None:
            report.changelog_entries += result.entries
            report.changelog_api_calls += result.api_calls
        if result.issues_fetched or result.rows_derived:
            self.log.info(f"{self.partition}: changelogs of {result.issues_fetched} issues fetched in "
                          f"{result.api_calls} requests ({result.entries} entries, {result.seconds:.2f}s after the read); "
                          f"transition columns of {result.rows_derived} rows derived")
        return result


def sync_changelogs(client, warehouse, converter, partition: str, options: SyncOptions = SyncOptions(),
                    report=None, log=logger) -> ChangelogStepResult:
    """Store the complete changelog of every changed issue of `partition`; derive its transition columns."""
    with ChangelogStep(client, warehouse, converter, partition, options, log) as step:
        return step.finish(report)


def _pending_chunks(warehouse, instance: str, project: str, derived: bool, size: int):
    """A thread-safe source of the partition's pending issues, `size` at a time in id order (None when done)."""
    lock = threading.Lock()
    after: int | None = 0  # None once the partition has no more pending issues

    def next_chunk() -> list[tuple] | None:
        nonlocal after
        with lock:
            # Every fetch thread asks once more at the end: one empty answer ends them all,
            # instead of one more scan of the partition each.
            if after is None:
                return None
            with warehouse.engine.connect() as conn:
                chunk = pending_issues(conn, instance, project, derived=derived, after_id=after, limit=size)
            after = chunk[-1][0] if chunk else None
            return chunk or None

    return next_chunk
