"""Deletion reconciliation: rows whose issue left the project are moved or soft-deleted."""

from datetime import datetime, timezone

from jirasync_dagster.sync.batch_writer import write_batch
from jirasync_dagster.sync.issue_extras import IssueExtras
from jirasync_dagster.sync.jql import ids_filter, project_filter
from jirasync_dagster.warehouse.comments import delete_comments_of
from jirasync_dagster.warehouse.deletions import (
    live_row_count,
    mark_deleted,
    missing_issue_ids,
)
from jirasync_dagster.warehouse.issue_rows import EncodedRows
from jirasync_dagster.warehouse.links import delete_links_of, link_targets_in, refresh_other_keys
from jirasync_dagster.warehouse.sync_state import write_state

LOOKUP_CHUNK = 100


class ProjectInvisibleError(RuntimeError):
    """JIRA lists no issues for a project that has rows: permissions, not mass deletion."""


def reconcile(client, warehouse, builder, project: str, jira_ids: set[int] | None, options, report, log,
              extras_step) -> None:
    """Soft-delete rows JIRA no longer lists in `project` (their comments too, and drop their links),
    after re-homing the ones that moved."""
    if jira_ids is None:
        jira_ids = {int(issue["id"]) for page in client.search_pages(
            project_filter(project), ["id"], page_size=options.id_page_size) for issue in page.issues}
    report.jira_count = len(jira_ids)
    with warehouse.engine.begin() as conn:
        live = live_row_count(conn, client.name, project)
        if not jira_ids and live:
            raise ProjectInvisibleError(
                f"{report.partition_key}: JIRA lists no issues in {project} but the warehouse holds {live}; "
                "this looks like lost permissions or a renamed project, not deletions, so nothing was "
                "changed — check that the account still sees the project"
            )
        missing = missing_issue_ids(conn, client.name, project, jira_ids)
    moved = _rehome_moved(client, warehouse, builder, missing, report, extras_step)
    deleted = [i for i in missing if i not in moved]
    with warehouse.engine.begin() as conn:
        report.deleted += mark_deleted(conn, client.name, deleted)
        report.comments_deleted += delete_comments_of(conn, client.name, deleted)
        report.links_deleted += delete_links_of(conn, client.name, deleted)
        write_state(conn, report.partition_key, last_reconciled_at=datetime.now(timezone.utc))
    _drop_dangling_links(client, warehouse, project, jira_ids, report)
    report.reconciled = True
    if missing:
        log.info(f"{report.partition_key}: {len(moved)} issues moved to other projects, {report.deleted} deleted")


def _rehome_moved(client, warehouse, builder, missing: list[int], report, extras_step) -> set[int]:
    """Fetch issues missing from the project by id; those JIRA still has moved elsewhere (with their comments and links)."""
    found: set[int] = set()
    for start in range(0, len(missing), LOOKUP_CHUNK):
        chunk = missing[start:start + LOOKUP_CHUNK]
        rows, extras = EncodedRows(), IssueExtras()
        for page in client.search_pages(ids_filter(chunk), builder.fields):
            converted = builder.page(page.raw_issues)
            builder.failures.update(converted.failures)
            rows.extend(converted.rows)
            extras.extend(converted.extras)
        report.moved += write_batch(warehouse, builder.layout, rows, extras, extras_step).moved
        found.update(rows.ids)
    return found


def _drop_dangling_links(client, warehouse, project: str, jira_ids: set[int], report) -> None:
    """Links pointing at issues of `project` that JIRA no longer lists there: re-keyed if the issue moved, else dropped.

    An issue deleted before any sync stored its row leaves no row to reconcile, yet the issues
    it was linked with keep their side of the link (JIRA deletes links without touching them).
    """
    with warehouse.engine.connect() as conn:
        vanished = sorted(link_targets_in(conn, client.name, project) - jira_ids)
    for start in range(0, len(vanished), LOOKUP_CHUNK):
        chunk = vanished[start:start + LOOKUP_CHUNK]
        found = {int(issue["id"]): issue["key"]
                 for page in client.search_pages(ids_filter(chunk), ["key"]) for issue in page.issues}
        with warehouse.engine.begin() as conn:
            refresh_other_keys(conn, client.name, found)
            report.links_deleted += delete_links_of(conn, client.name, [i for i in chunk if i not in found])
