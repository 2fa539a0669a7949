"""jira_issue_comments: each synced issue's comments made exactly JIRA's, the vanished ones soft-deleted."""

import sqlalchemy as sa

from jirasync_dagster.warehouse.schema import comments
from jirasync_dagster.warehouse.staging import store_of_issues

# The columns of a comment row, in the order sync/issue_extras.py builds it.
COMMENT_COLUMNS = ("instance", "comment_id", "issue_id", "project_key", "author_id", "author_display_name",
                   "created", "updated", "body_text", "raw")


def store_comments(conn: sa.Connection, instance: str, issue_ids: list[int], rows: list[tuple]) -> tuple[int, int]:
    """Make the comments of `issue_ids` exactly `rows` (their complete comments); returns (written, soft-deleted)."""
    if not issue_ids:
        return 0, 0
    return store_of_issues(conn, "jirasync_comment_stage", comments, COMMENT_COLUMNS, instance, issue_ids, rows)


def delete_comments_of(conn: sa.Connection, instance: str, issue_ids: list[int]) -> int:
    """Soft-delete every comment of issues JIRA no longer has; returns how many were marked."""
    if not issue_ids:
        return 0
    return conn.execute(
        sa.update(comments).where(comments.c.instance == instance, comments.c.issue_id.in_(issue_ids),
                                  comments.c.deleted_at.is_(None))
        .values(deleted_at=sa.func.now(), synced_at=sa.func.now())).rowcount
