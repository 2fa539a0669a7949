"""One partition sync: read what changed in JIRA, write it, move the watermark, reconcile."""

import logging
import os
import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from jirasync_dagster.sync.batch_writer import BatchWriter, write_batch
from jirasync_dagster.sync.changelog_step import ChangelogStep
from jirasync_dagster.sync.extras_step import ExtrasStep
from jirasync_dagster.sync.heap import map_large_buffers
from jirasync_dagster.sync.issue_extras import Entities, IssueExtras
from jirasync_dagster.sync.jql import project_filter, window_start
from jirasync_dagster.sync.options import SyncOptions
from jirasync_dagster.sync.page_conversion import PageConversion
from jirasync_dagster.sync.partition_key import split_partition_key
from jirasync_dagster.sync.parts_step import ProjectPartsStep
from jirasync_dagster.sync.prefetch import prefetched
from jirasync_dagster.sync.progress import ProgressMeter
from jirasync_dagster.sync.reconcile import reconcile
from jirasync_dagster.sync.report import SyncReport
from jirasync_dagster.sync.row_builder import RowBuilder
from jirasync_dagster.sync.slices import page_streams
from jirasync_dagster.sync.user_step import sync_users
from jirasync_dagster.sync.worklog_step import WorklogStep
from jirasync_dagster.warehouse import (
    EncodedRows,
    Warehouse,
    advisory_lock,
    read_state,
    write_state,
)

logger = logging.getLogger("jirasync.sync")
DATE_RESOLUTION = timedelta(seconds=1)
WORKER_MIN_CPUS = 4  # conversion_process unset: a page worker only with this many CPUs


def sync_partition(client, warehouse: Warehouse, converter, partition: str,
                   options: SyncOptions = SyncOptions(), log=logger) -> SyncReport:
    """Bring one `<instance>:<PROJECT>` partition of the warehouse up to date with JIRA."""
    instance, project = split_partition_key(partition)
    if instance != client.name:
        raise ValueError(f"partition {partition} belongs to {instance}, not to {client.name}")
    map_large_buffers()
    started = time.monotonic()
    api_before = client.stats.as_dict()
    report = SyncReport(partition)
    with advisory_lock(warehouse.engine, partition, wait_seconds=options.lock_wait_seconds):
        with warehouse.engine.connect() as conn:
            state = read_state(conn, partition)
        report.watermark_before = state.watermark
        builder = RowBuilder(instance, converter, Entities.without(client.connection.skip))
        parts = ProjectPartsStep(client, warehouse, partition, log)
        builder.fields = sorted({*builder.fields, *parts.issue_fields})  # the Sprint field, for membership
        lacking = state.lacks_fields(builder.fields)
        if lacking:
            log.info(f"{partition}: mappings now read {', '.join(lacking)}, which the synced rows do not hold; "
                     "reading the whole project again")
            options = replace(options, full_refresh=True)
        full = options.full_refresh or state.watermark is None
        report.mode = "full" if full else "incremental"
        since = _read_from(state.watermark, full, options)
        seen_ids: set[int] | None = set() if full and since is None else None
        meter = ProgressMeter(partition, log, options.progress_seconds)
        with ChangelogStep(client, warehouse, converter, partition, options, log) as changelogs, \
                ExtrasStep(client, instance, report, rewrite=options.full_refresh,
                           threads=options.parallel_slices) as extras:
            watermark = _read_changes(client, warehouse, builder, project_filter(project, since), options,
                                      report, seen_ids, state, log, changelogs, meter, extras)
            report.watermark_after = watermark
            report.conversion_failures = builder.failures
            if seen_ids is not None or _reconcile_due(state, options):
                reconcile(client, warehouse, builder, project, seen_ids, options, report, log, extras)
                meter.phase_done("reconciled", "finishing", f"{report.deleted} deleted or moved away")
            changelogs.finish(report)
        parts.run(report)
        WorklogStep(client, warehouse, partition, rewrite=options.full_refresh, log=log).run(report)
        sync_users(client, warehouse, partition, report, log)
        meter.phase_done("done")
    report.seconds = time.monotonic() - started
    api_after = client.stats.as_dict()
    report.api = {f"api_{k}" if not k.startswith("api") else k: round(api_after[k] - api_before[k], 3)
                  for k in api_after}
    return report


def _read_from(watermark: datetime | None, full: bool, options: SyncOptions) -> datetime | None:
    """The lower `updated` bound of this read: none, the lookback horizon, or watermark − overlap."""
    if full:
        if options.lookback_days:
            return datetime.now(timezone.utc) - timedelta(days=options.lookback_days)
        return None
    return window_start(watermark, options.overlap_minutes)


def _read_changes(client, warehouse, builder, jql, options, report, seen_ids, state, log,
                  changelogs, meter, extras_step) -> datetime | None:
    """Page through `jql`, merging batches (with their comments and links) and handing each page's issues
    to the changelog step; the last batch commits with the new watermark."""
    counting: threading.Thread | None = None
    batch, extras = EncodedRows(), IssueExtras()
    newest: datetime | None = None
    jira_clock: datetime | None = None
    full = report.mode == "full"
    with BatchWriter(warehouse, builder.layout, options.full_refresh, report, extras_step) as writer, \
            PageConversion(builder, in_worker=full and _conversion_process(options),
                           partition=report.partition_key, log=log) as conversion:
        streams = page_streams(client, jql, builder.fields, options.parallel_slices if full else 1)
        # A sliced read is its first page's stream plus one per id slice.
        report.slices = len(streams) - 1 if len(streams) > 1 else 1
        pages = prefetched(streams)
        for page, converted in conversion.converted(pages):
            report.pages += 1
            report.fetched += len(page.raw_issues)
            if report.pages == 1:
                counting = _expect(client, jql, page, meter, log)
            meter.page(len(page.raw_issues))
            if page.server_date is not None:
                jira_clock = min(jira_clock, page.server_date) if jira_clock else page.server_date
            builder.failures.update(converted.failures)
            for updated in converted.updated:
                if updated is not None and (newest is None or updated > newest):
                    newest = updated
            ids = converted.rows.ids
            if seen_ids is not None:
                seen_ids.update(ids)
            changelogs.follow(dict(zip(ids, converted.updated)))
            extras_step.follow(warehouse, converted.extras)
            batch.extend(converted.rows)
            extras.extend(converted.extras)
            if len(batch) >= options.batch_size:
                writer.submit(batch, extras)
                batch, extras = EncodedRows(), IssueExtras()
        changelogs.read_done()
    if counting is not None:
        counting.join()  # its request belongs to this sync's report
    watermark = _next_watermark(state.watermark, newest, jira_clock)
    stamps = {"watermark": watermark, "raw_fields": builder.fields}
    if report.mode == "full":
        stamps["last_full_sync_at"] = datetime.now(timezone.utc)
    report.add(write_batch(warehouse, builder.layout, batch, extras, extras_step, rewrite=options.full_refresh,
                           then=lambda conn: write_state(conn, report.partition_key, **stamps)))
    meter.phase_done("read", "finishing",
                     f"{report.inserted} new, {report.updated} changed, {report.unchanged} unchanged")
    return watermark


def _expect(client, jql: str, first_page, meter: ProgressMeter, log) -> threading.Thread | None:
    """Tell `meter` how many issues the read will return: Data Center's pages say so; Cloud's need one count
    request, sent beside the read and only when there is a second page (a one-page read needs no forecast)."""
    if first_page.total is not None:
        meter.expect(first_page.total)
        return None
    if first_page.next_page_token is None:
        return None

    def count() -> None:
        try:
            meter.expect(client.count(jql))
        except Exception as exc:  # a forecast, never worth failing the sync for
            log.debug(f"{meter.partition}: no issue count for the progress ({type(exc).__name__})")

    counting = threading.Thread(target=count, name="jirasync-count", daemon=True)
    counting.start()
    return counting


def _conversion_process(options: SyncOptions) -> bool:
    # Measured on 2 CPUs, where the sandbox, Postgres and the sync already keep both busy,
    # a worker only added its start-up and hand-over costs; it pays where cores are spare.
    if options.conversion_process is not None:
        return options.conversion_process
    return (os.cpu_count() or 1) >= WORKER_MIN_CPUS


def _next_watermark(previous: datetime | None, newest: datetime | None, jira_clock: datetime | None) -> datetime | None:
    # Never past the moment JIRA began answering: an issue updated while we paged may sit
    # behind our position, so the next run must read from here (minus the overlap).
    # The Date header has whole seconds and is stamped after the query ran, so back off one.
    if newest is None:
        return previous
    candidate = min(newest, jira_clock - DATE_RESOLUTION) if jira_clock else newest
    # In UTC, as read back from Postgres: JIRA renders `updated` in the user's zone, and the
    # report would otherwise show one instant with a different offset from run to run.
    candidate = candidate.astimezone(timezone.utc)
    return max(previous, candidate) if previous else candidate


def _reconcile_due(state, options: SyncOptions) -> bool:
    if options.reconcile is not None:
        return options.reconcile
    if state.last_reconciled_at is None:
        return True
    age = datetime.now(timezone.utc) - state.last_reconciled_at
    return age >= timedelta(hours=options.reconcile_every_hours)
