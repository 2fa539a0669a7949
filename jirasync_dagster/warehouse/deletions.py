"""Soft deletion: rows whose issue JIRA no longer lists are marked, never dropped."""

import sqlalchemy as sa

from jirasync_dagster.warehouse.copy_format import copy_lines, copy_value
from jirasync_dagster.warehouse.issue_rows import copy_into
from jirasync_dagster.warehouse.schema import issues


def live_row_count(conn: sa.Connection, instance: str, project_key: str) -> int:
    """Rows of the project that are not soft-deleted."""
    return conn.execute(
        sa.select(sa.func.count()).select_from(issues).where(
            issues.c.instance == instance, issues.c.project_key == project_key, issues.c.deleted_at.is_(None))
    ).scalar()


def missing_issue_ids(conn: sa.Connection, instance: str, project_key: str, jira_ids: set[int]) -> list[int]:
    """Ids of live rows in the project that are absent from `jira_ids` (the ids JIRA lists now)."""
    conn.execute(sa.text("CREATE TEMP TABLE IF NOT EXISTS jirasync_live_ids (issue_id bigint PRIMARY KEY)"))
    conn.execute(sa.text("TRUNCATE jirasync_live_ids"))
    copy_into(conn, "COPY jirasync_live_ids (issue_id) FROM STDIN", copy_lines(((i,) for i in jira_ids), [copy_value]))
    return list(conn.execute(sa.text(
        "SELECT t.issue_id FROM jira_issues_v2 t WHERE t.instance = :instance AND t.project_key = :project "
        "AND t.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM jirasync_live_ids l WHERE l.issue_id = t.issue_id) "
        "ORDER BY t.issue_id"
    ), {"instance": instance, "project": project_key}).scalars())


def mark_deleted(conn: sa.Connection, instance: str, issue_ids: list[int]) -> int:
    """Soft-delete the given rows of `instance`. Returns how many were marked."""
    if not issue_ids:
        return 0
    result = conn.execute(
        sa.update(issues)
        .where(issues.c.instance == instance, issues.c.issue_id.in_(issue_ids), issues.c.deleted_at.is_(None))
        .values(deleted_at=sa.func.now())
    )
    return result.rowcount
