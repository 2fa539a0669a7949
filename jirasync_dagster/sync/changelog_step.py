"""The changelog step of a partition sync: complete changelogs in, transition columns out.

Runs after the partition's batches are merged (engine.py calls it once, inside the
partition lock). It works from the warehouse, not from the pages just read, so it is
self-healing: an issue whose stored changelog is older than its row (`updated` differs from
the one recorded in jira_issue_changelog_state — new, changed, or missed by a run that
failed after its merge) gets its changelog fetched, in chunks of up to 1000 issues (one
Cloud bulkfetch call each); every row rewritten since its transition columns were last
computed gets them computed again from the stored changelog (a merge writes NULL there,
since search results carry no complete changelog).
"""

import logging
import threading
import time
from dataclasses import dataclass

import sqlalchemy as sa

from jirasync_dagster.jira.changelog import BULKFETCH_MAX_ISSUES, ChangelogFetcher
from jirasync_dagster.mapping import FieldMapping, IssueConverter, TransitionSource
from jirasync_dagster.sync.options import SyncOptions
from jirasync_dagster.sync.partition_key import split_partition_key
from jirasync_dagster.sync.prefetch import prefetched
from jirasync_dagster.warehouse.changelog import (
    mark_derived,
    pending_issues,
    refresh_changelog_statistics,
    store_changelogs,
    stored_histories,
)
from jirasync_dagster.warehouse.copy_format import copy_lines, copy_value
from jirasync_dagster.warehouse.issue_rows import copy_into
from jirasync_dagster.warehouse.locks import transaction_lock
from jirasync_dagster.warehouse.schema import ISSUES_TABLE, quote

STATISTICS_REFRESH_ROWS = 20_000
logger = logging.getLogger("jirasync.sync")
STAGE = "jirasync_changelog_stage"
_NO_FIELDS: dict = {"fields": {}}


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
    seconds: float = 0.0


def transition_mappings(mappings: list[FieldMapping], instance: str) -> list[FieldMapping]:
    """Active mappings whose source on `instance` is the changelog."""
    return [m for m in mappings if m.active and isinstance(m.source_for(instance), TransitionSource)]


def sync_changelogs(client, warehouse, converter, partition: str, options: SyncOptions = SyncOptions(),
                    report=None, log=logger) -> ChangelogStepResult:
    """Store the complete changelog of every changed issue of `partition`; derive its transition columns."""
    result = ChangelogStepResult()
    settings = ChangelogOptions.of(options)
    if not settings.enabled:
        return result
    started = time.monotonic()
    instance, project = split_partition_key(partition)
    derived = transition_mappings(converter.columns, instance)
    calls_before = client.stats.api_calls
    fetcher = ChangelogFetcher(client, chunk_size=settings.chunk_size, log=log)
    deriver = IssueConverter(derived, instance) if derived else None
    next_chunk = _pending_chunks(warehouse, instance, project, bool(derived), settings.chunk_size)

    def fetched_chunks():
        while (chunk := next_chunk()) is not None:
            stale = {issue_id: updated for issue_id, updated, _, is_stale in chunk if is_stale}
            yield chunk, stale, (fetcher.fetch(list(stale)) if stale else {})

    analysed_at = 0
    # Chunks are fetched concurrently (as many as the sync's slices) while earlier ones are stored.
    for chunk, stale, fetched in prefetched([fetched_chunks() for _ in range(max(1, options.parallel_slices))]):
        with warehouse.engine.begin() as conn:
            # An issue moved between projects may be pending in two partitions' steps at once.
            transaction_lock(conn, f"changelog:{instance}")
            result.entries += store_changelogs(conn, instance, fetched, stale)
            if deriver is not None:
                result.rows_derived += derive_transition_columns(conn, instance, deriver, derived, chunk)
        result.issues_fetched += len(stale)
        if result.entries - analysed_at > max(STATISTICS_REFRESH_ROWS, analysed_at):
            # The table grows within one sync; with statistics from when it was small the
            # planner scans all of it for each chunk's delete (quadratic). Doubling keeps this rare.
            refresh_changelog_statistics(warehouse.engine)
            analysed_at = result.entries
    result.api_calls = client.stats.api_calls - calls_before
    result.seconds = time.monotonic() - started
    if report is not None:
        report.changelog_entries += result.entries
        report.changelog_api_calls += result.api_calls
    if result.issues_fetched or result.rows_derived:
        log.info(f"{partition}: changelogs of {result.issues_fetched} issues fetched in {result.api_calls} "
                 f"requests ({result.entries} entries, {result.seconds:.2f}s); transition columns of "
                 f"{result.rows_derived} rows derived")
    return result


def _pending_chunks(warehouse, instance: str, project: str, derived: bool, size: int):
    """A thread-safe source of the partition's pending issues, `size` at a time in id order (None when done)."""
    lock = threading.Lock()
    after = 0

    def next_chunk() -> list[tuple] | None:
        nonlocal after
        with lock:
            with warehouse.engine.connect() as conn:
                chunk = pending_issues(conn, instance, project, derived=derived, after_id=after, limit=size)
            if not chunk:
                return None
            after = chunk[-1][0]
            return chunk

    return next_chunk


def derive_transition_columns(conn: sa.Connection, instance: str, converter: IssueConverter,
                              mappings: list[FieldMapping], chunk: list[tuple]) -> int:
    """Compute `mappings` (transition-sourced) for the rows in `chunk` from stored changelogs.

    `chunk` holds (issue_id, updated, synced_at, ...) of live rows; a row rewritten since
    (its synced_at moved) is left alone and picked up by the next step. Returns rows written.
    """
    histories = stored_histories(conn, [(instance, row[0]) for row in chunk])
    rows = []
    for issue_id, _, synced_at, *_ in chunk:
        converted = converter.convert(_NO_FIELDS, changelog=histories.get((instance, issue_id), []))
        rows.append((instance, issue_id, synced_at, *(converted.values.get(m.column) for m in mappings)))
    names = [quote(conn, m.column) for m in mappings]
    conn.execute(sa.text(
        f"CREATE TEMP TABLE {STAGE} ON COMMIT DROP AS "
        f"SELECT instance, issue_id, synced_at, {', '.join(names)} FROM {ISSUES_TABLE} WITH NO DATA"
    ))
    copy_into(conn, f"COPY {STAGE} FROM STDIN", copy_lines(rows, [copy_value] * len(rows[0])))
    assignments = ", ".join(f"{name} = s.{name}" for name in names)
    written = conn.execute(sa.text(
        f"UPDATE {ISSUES_TABLE} t SET {assignments} FROM {STAGE} s "
        "WHERE t.instance = s.instance AND t.issue_id = s.issue_id AND t.synced_at = s.synced_at"
    )).rowcount
    conn.execute(sa.text(f"DROP TABLE {STAGE}"))
    mark_derived(conn, instance, {row[1]: row[2] for row in rows})
    return written
