"""The writes of a worklog pass: from JIRA's feeds, or (sites without them) issue by issue.

Requests are sent before the write transaction opens, never while it holds locks.
"""

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from jirasync_dagster.warehouse.schema import issues
from jirasync_dagster.warehouse.worklog_state import (
    WorklogState,
    issues_due,
    latest_issue_update,
    mark_issues_read,
    write_worklog_state,
)
from jirasync_dagster.warehouse.worklogs import (
    arrived,
    delete_worklogs,
    follow_issues,
    live_issue_projects,
    store_worklogs,
    unwait,
    wait_for_issues,
    worklog_row,
)

# JIRA's feeds leave out their last minute, and its clock is not ours: deletions are read again until the
# latest issue change is this much older than the last read.
DELETION_MARGIN = timedelta(minutes=5)


def write_from_feeds(warehouse, reader, instance: str, state: WorklogState, changed: tuple[dict, int],
                     rewrite_project: str | None, now_ms: int, started: datetime) -> dict:
    """Write the worklogs `/worklog/updated` named (and waiting ones whose issue arrived), mark deleted ones;
    `rewrite_project`: the feed was read from its start, so that project's worklogs it lacks are deleted."""
    changed_ids, updated_until = changed
    with warehouse.engine.connect() as conn:
        latest, waiting = latest_issue_update(conn, instance), arrived(conn, instance)
    deleted_ids, deleted_since, checked_at = {}, state.deleted_since, state.deletions_checked_at
    if deleted_since is None:  # a first pass: /worklog/list shows what exists now
        deleted_since = now_ms - int(DELETION_MARGIN.total_seconds() * 1000)
        checked_at = datetime.now(timezone.utc) - DELETION_MARGIN
    elif latest is not None and (checked_at is None or latest > checked_at):
        checked_at = datetime.now(timezone.utc) - DELETION_MARGIN
        deleted_ids, deleted_since = reader.feed("deleted", deleted_since) or ({}, deleted_since)
    found = reader.worklogs(sorted((set(changed_ids) | set(waiting)) - set(deleted_ids)))
    with warehouse.engine.begin() as conn:
        projects = live_issue_projects(conn, instance, [int(w["issueId"]) for w in found])
        built = [worklog_row(instance, projects[int(w["issueId"])], int(w["issueId"]), w)
                 for w in found if int(w["issueId"]) in projects]
        pending = [(int(w["id"]), int(w["issueId"])) for w in found if int(w["issueId"]) not in projects]
        unwait(conn, instance, waiting)
        wait_for_issues(conn, instance, pending)
        complete = _live_issues(conn, instance, rewrite_project) if rewrite_project else ()
        written, vanished = store_worklogs(conn, instance, [row for row, _ in built], complete)
        deleted = delete_worklogs(conn, instance, list(deleted_ids))
        moved, gone = follow_issues(conn, instance)
        write_worklog_state(conn, instance, WorklogState(updated_until, deleted_since, checked_at, started))
    return _counts(written + moved, deleted + vanished + gone, built, len(pending))


def write_per_issue(warehouse, reader, instance: str, project: str, rewrite: bool) -> dict:
    """Read and write the worklogs of the project's issues whose `updated` moved since theirs were read."""
    with warehouse.engine.connect() as conn:
        due = issues_due(conn, instance, project, every=rewrite)
    read = {issue_id: found for issue_id in due if (found := reader.of_issue(issue_id)) is not None}
    built = [worklog_row(instance, project, issue_id, w) for issue_id, found in read.items() for w in found]
    with warehouse.engine.begin() as conn:
        written, vanished = store_worklogs(conn, instance, [row for row, _ in built], list(read))
        mark_issues_read(conn, instance, {issue_id: due[issue_id] for issue_id in read})
        moved, gone = follow_issues(conn, instance)
    return _counts(written + moved, vanished + gone, built, 0)


def _live_issues(conn: sa.Connection, instance: str, project: str) -> list[int]:
    return list(conn.execute(sa.select(issues.c.issue_id).where(
        issues.c.instance == instance, issues.c.project_key == project, issues.c.deleted_at.is_(None))).scalars())


def _counts(written: int, deleted: int, built: list, waiting: int) -> dict:
    return {"worklogs_written": written, "worklogs_deleted": deleted, "worklogs_waiting": waiting,
            "worklog_comment_failures": sum(failed for _, failed in built)}
