"""Deleting one partition's project parts, for `jirasync reset`."""

import sqlalchemy as sa

from jirasync_dagster.warehouse.project_tables import (
    boards,
    components,
    sprint_issues,
    sprint_issues_state,
    sprints,
    versions,
)
from jirasync_dagster.warehouse.schema import issues


def delete_parts(conn: sa.Connection, instance: str, project: str) -> None:
    """Delete the project's versions, components, boards, their sprints and its issues' sprint membership."""
    project_issues = sa.select(issues.c.issue_id).where(issues.c.instance == instance, issues.c.project_key == project)
    project_boards = sa.select(boards.c.board_id).where(boards.c.instance == instance, boards.c.project_key == project)
    for table in (sprint_issues, sprint_issues_state):
        conn.execute(sa.delete(table).where(table.c.instance == instance, table.c.issue_id.in_(project_issues)))
    conn.execute(sa.delete(sprints).where(sprints.c.instance == instance, sprints.c.board_id.in_(project_boards)))
    for table in (versions, components, boards):
        conn.execute(sa.delete(table).where(table.c.instance == instance, table.c.project_key == project))
