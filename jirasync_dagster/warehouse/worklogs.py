"""jira_worklogs: rows written from JIRA's worklogs, deletions marked, and rows kept in step with their issues."""

from datetime import datetime

import orjson
import sqlalchemy as sa

from jirasync_dagster.mapping.adf import body_text
from jirasync_dagster.warehouse.copy_format import array_literal
from jirasync_dagster.warehouse.schema import ISSUES_TABLE
from jirasync_dagster.warehouse.staging import store_of_issues
from jirasync_dagster.warehouse.worklog_tables import worklog_issue_state, worklog_waiting, worklogs

# The columns of a worklog row, in the order worklog_row builds it.
WORKLOG_COLUMNS = ("instance", "worklog_id", "issue_id", "project_key", "author_id", "started",
                   "time_spent_seconds", "created", "updated", "comment_text", "raw")


def store_worklogs(conn: sa.Connection, instance: str, rows: list[tuple],
                   complete_for: list[int] = ()) -> tuple[int, int]:
    """Upsert `rows`; the worklogs of issues in `complete_for` that are not among them are soft-deleted.
    Returns (written, soft-deleted)."""
    if not rows and not complete_for:
        return 0, 0
    return store_of_issues(conn, "jirasync_worklog_stage", worklogs, WORKLOG_COLUMNS, instance, list(complete_for),
                           rows)


def delete_worklogs(conn: sa.Connection, instance: str, worklog_ids: list[int]) -> int:
    """Soft-delete the worklogs JIRA lists as deleted; returns how many were live here."""
    if not worklog_ids:
        return 0
    unwait(conn, instance, worklog_ids)
    return conn.execute(
        sa.update(worklogs).where(worklogs.c.instance == instance, worklogs.c.worklog_id.in_(worklog_ids),
                                  worklogs.c.deleted_at.is_(None))
        .values(deleted_at=sa.func.now(), synced_at=sa.func.now())).rowcount


def follow_issues(conn: sa.Connection, instance: str) -> tuple[int, int]:
    """Give worklogs their issue's current project (an issue moved), and soft-delete those of issues gone
    from jira_issues_v2 (JIRA's deleted feed does not list them); returns (moved, deleted)."""
    params = {"instance": instance}
    moved = conn.execute(sa.text(
        f"UPDATE {worklogs.name} w SET project_key = i.project_key, synced_at = now() FROM {ISSUES_TABLE} i "
        "WHERE w.instance = :instance AND i.instance = w.instance AND i.issue_id = w.issue_id "
        "AND i.deleted_at IS NULL AND w.project_key IS DISTINCT FROM i.project_key"), params).rowcount
    # They wait for their issue again: an issue that comes back (a project shown again) gets them back.
    gone = conn.execute(sa.text(
        f"UPDATE {worklogs.name} w SET deleted_at = now(), synced_at = now() WHERE w.instance = :instance "
        f"AND w.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM {ISSUES_TABLE} i WHERE i.instance = w.instance "
        "AND i.issue_id = w.issue_id AND i.deleted_at IS NULL) RETURNING w.worklog_id, w.issue_id"), params).all()
    wait_for_issues(conn, instance, gone)
    if gone:  # and, without the feeds, are read again when the issue comes back
        state = worklog_issue_state.c
        conn.execute(sa.delete(worklog_issue_state).where(state.instance == instance,
                                                          state.issue_id.in_(sorted({i for _, i in gone}))))
    return moved, len(gone)


def live_issue_projects(conn: sa.Connection, instance: str, issue_ids) -> dict[int, str]:
    """{issue id: project key} of the live issue rows among `issue_ids`."""
    return dict(conn.execute(sa.text(
        f"SELECT issue_id, project_key FROM {ISSUES_TABLE} WHERE instance = :instance "
        "AND issue_id = ANY(CAST(:ids AS bigint[])) AND deleted_at IS NULL"),
        {"instance": instance, "ids": array_literal(sorted(set(issue_ids)))}).all())


def wait_for_issues(conn: sa.Connection, instance: str, pairs: list[tuple[int, int]]) -> None:
    """Remember (worklog id, issue id) of worklogs whose issue has no row here yet."""
    if pairs:
        conn.execute(sa.text(
            f"INSERT INTO {worklog_waiting.name} (instance, worklog_id, issue_id) "
            "SELECT :instance, w, i FROM unnest(CAST(:w AS bigint[]), CAST(:i AS bigint[])) AS p(w, i) "
            "ON CONFLICT (instance, worklog_id) DO UPDATE SET issue_id = EXCLUDED.issue_id"),
            {"instance": instance, "w": array_literal([w for w, _ in pairs]),
             "i": array_literal([i for _, i in pairs])})


def arrived(conn: sa.Connection, instance: str) -> list[int]:
    """Ids of waiting worklogs whose issue has a live row now."""
    return list(conn.execute(sa.text(
        f"SELECT w.worklog_id FROM {worklog_waiting.name} w JOIN {ISSUES_TABLE} i ON i.instance = w.instance "
        "AND i.issue_id = w.issue_id WHERE w.instance = :instance AND i.deleted_at IS NULL"),
        {"instance": instance}).scalars())


def unwait(conn: sa.Connection, instance: str, worklog_ids) -> None:
    """Take worklogs off the waiting list (read, or deleted in JIRA)."""
    if worklog_ids:
        conn.execute(sa.delete(worklog_waiting).where(worklog_waiting.c.instance == instance,
                                                      worklog_waiting.c.worklog_id.in_(list(worklog_ids))))


def worklog_row(instance: str, project: str, issue_id: int, w: dict) -> tuple[tuple, bool]:
    """A jira_worklogs row, and whether its comment gave no text (the row keeps it in `raw` only)."""
    author, comment = w.get("author") or {}, w.get("comment")
    text = None if comment is None else body_text(comment)
    return (instance, int(w["id"]), issue_id, project, author.get("accountId") or author.get("name"),
            _moment(w.get("started")), w.get("timeSpentSeconds"), _moment(w.get("created")),
            _moment(w.get("updated")), text, orjson.dumps(w)), comment is not None and text is None


def _moment(value) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def reset_worklogs(conn: sa.Connection, instance: str, project: str) -> None:
    """Delete a project's worklogs for `jirasync reset`; their ids wait for the issues' return, as the feed
    will not list them again."""
    params = {"instance": instance, "project": project}
    conn.execute(sa.text(
        f"INSERT INTO {worklog_waiting.name} (instance, worklog_id, issue_id) SELECT instance, worklog_id, issue_id "
        f"FROM {worklogs.name} WHERE instance = :instance AND project_key = :project AND deleted_at IS NULL "
        "ON CONFLICT DO NOTHING"), params)
    conn.execute(sa.delete(worklogs).where(worklogs.c.instance == instance, worklogs.c.project_key == project))
    conn.execute(sa.text(
        f"DELETE FROM {worklog_issue_state.name} s USING {ISSUES_TABLE} i WHERE s.instance = :instance "
        "AND i.instance = s.instance AND i.issue_id = s.issue_id AND i.project_key = :project"), params)
