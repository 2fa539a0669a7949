"""Deletion reconciliation: rows whose issue left the project are moved or soft-deleted."""

from datetime import datetime, timezone

from jirasync_dagster.sync.jql import ids_filter, project_filter
from jirasync_dagster.warehouse.deletions import (
    live_row_count,
    mark_deleted,
    missing_issue_ids,
)
from jirasync_dagster.warehouse.issue_rows import merge_rows
from jirasync_dagster.warehouse.sync_state import write_state

LOOKUP_CHUNK = 100


class ProjectInvisibleError(RuntimeError):
    """JIRA lists no issues for a project that has rows: permissions, not mass deletion."""


def reconcile(client, warehouse, builder, project: str, jira_ids: set[int] | None, options, report, log) -> None:
    """Soft-delete rows JIRA no longer lists in `project`, after re-homing the ones that moved."""
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
    moved = _rehome_moved(client, warehouse, builder, missing, report)
    with warehouse.engine.begin() as conn:
        report.deleted += mark_deleted(conn, client.name, [i for i in missing if i not in moved])
        write_state(conn, report.partition_key, last_reconciled_at=datetime.now(timezone.utc))
    report.reconciled = True
    if missing:
        log.info(f"{report.partition_key}: {len(moved)} issues moved to other projects, {report.deleted} deleted")


def _rehome_moved(client, warehouse, builder, missing: list[int], report) -> set[int]:
    """Fetch issues missing from the project by id; those JIRA still has moved elsewhere."""
    found: set[int] = set()
    for start in range(0, len(missing), LOOKUP_CHUNK):
        chunk = missing[start:start + LOOKUP_CHUNK]
        rows = [builder.row_of_json(raw) for page in client.search_pages(ids_filter(chunk), builder.fields)
                for raw in page.raw_issues]
        with warehouse.engine.begin() as conn:
            report.moved += merge_rows(conn, builder.layout, rows).moved
        found.update(row[1] for row in rows)
    return found
