"""Where an instance's worklog pass stands: its place in JIRA's feeds, and (without feeds) each issue's read."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from jirasync_dagster.warehouse.schema import issues
from jirasync_dagster.warehouse.worklog_tables import worklog_issue_state, worklog_state


@dataclass(frozen=True)
class WorklogState:
    """The `since` of each feed (epoch ms; None: never read), the JIRA time deletions are known read to, and
    when the last pass began."""

    updated_since: int | None = None
    deleted_since: int | None = None
    deletions_checked_at: datetime | None = None
    pass_started_at: datetime | None = None


def read_worklog_state(conn: sa.Connection, instance: str) -> WorklogState:
    """The instance's worklog state (empty before its first pass)."""
    row = conn.execute(sa.select(worklog_state.c.updated_since, worklog_state.c.deleted_since,
                                 worklog_state.c.deletions_checked_at, worklog_state.c.pass_started_at)
                       .where(worklog_state.c.instance == instance)).first()
    return WorklogState(*row) if row else WorklogState()


def write_worklog_state(conn: sa.Connection, instance: str, state: WorklogState) -> None:
    """Store the instance's worklog state."""
    values = {"updated_since": state.updated_since, "deleted_since": state.deleted_since,
              "deletions_checked_at": state.deletions_checked_at, "pass_started_at": state.pass_started_at,
              "synced_at": sa.func.now()}
    statement = insert(worklog_state).values(instance=instance, **values)
    conn.execute(statement.on_conflict_do_update(index_elements=["instance"], set_=values))


def latest_issue_update(conn: sa.Connection, instance: str) -> datetime | None:
    """The latest `updated` among the instance's issue rows."""
    return conn.execute(sa.select(sa.func.max(issues.c.updated)).where(issues.c.instance == instance)).scalar()


def issues_due(conn: sa.Connection, instance: str, project: str, every: bool = False) -> dict[int, datetime]:
    """{issue id: updated} of the project's live issues whose worklogs were not read at that `updated` (or all)."""
    query = sa.select(issues.c.issue_id, issues.c.updated).select_from(issues.outerjoin(
        worklog_issue_state, sa.and_(worklog_issue_state.c.instance == issues.c.instance,
                                     worklog_issue_state.c.issue_id == issues.c.issue_id))
    ).where(issues.c.instance == instance, issues.c.project_key == project, issues.c.deleted_at.is_(None))
    if not every:
        query = query.where(worklog_issue_state.c.updated.is_distinct_from(issues.c.updated))
    return dict(conn.execute(query).all())


def mark_issues_read(conn: sa.Connection, instance: str, read: dict[int, datetime]) -> None:
    """Remember the `updated` of each issue whose worklogs were read."""
    if read:
        statement = insert(worklog_issue_state).values(
            [{"instance": instance, "issue_id": i, "updated": u} for i, u in read.items()])
        conn.execute(statement.on_conflict_do_update(index_elements=["instance", "issue_id"],
                                                     set_={"updated": statement.excluded.updated}))
