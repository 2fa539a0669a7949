"""Tables of a project's parts: versions, components, boards, sprints and sprint membership.

Each part keeps JIRA's JSON in `raw`, when it was last written (`synced_at`) and when it
vanished from JIRA (`deleted_at`, NULL while it exists). Membership rows carry no
`deleted_at`: an issue that leaves a sprint loses its row. `jira_sprint_issues_state`
remembers the issue `updated` whose Sprint field the membership was last taken from.
"""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from jirasync_dagster.warehouse.schema import metadata

VERSIONS, COMPONENTS, BOARDS, SPRINTS = "jira_versions", "jira_components", "jira_boards", "jira_sprints"
SPRINT_ISSUES, SPRINT_ISSUES_STATE = "jira_sprint_issues", "jira_sprint_issues_state"
PART_TABLES = (VERSIONS, COMPONENTS, BOARDS, SPRINTS, SPRINT_ISSUES, SPRINT_ISSUES_STATE)


def _stamp() -> sa.Column:
    return sa.Column("synced_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now())


def _part(name: str, key: str, *columns: sa.Column, project: bool = True) -> sa.Table:
    """A part table: (instance, key), its own columns, then raw, synced_at and deleted_at."""
    return sa.Table(
        name, metadata,
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column(key, sa.BigInteger, primary_key=True),
        *((sa.Column("project_key", sa.Text, nullable=False),) if project else ()),
        *columns,
        sa.Column("raw", JSONB, nullable=False),
        _stamp(),
        sa.Column("deleted_at", sa.TIMESTAMP(timezone=True)),
        *((sa.Index(f"ix_{name}_project", "instance", "project_key"),) if project else ()),
    )


versions = _part(
    VERSIONS, "version_id",
    sa.Column("name", sa.Text), sa.Column("description", sa.Text), sa.Column("archived", sa.Boolean),
    sa.Column("released", sa.Boolean), sa.Column("start_date", sa.Date), sa.Column("release_date", sa.Date),
)
components = _part(
    COMPONENTS, "component_id",
    sa.Column("name", sa.Text), sa.Column("description", sa.Text),
    sa.Column("lead", sa.Text),     # display name
    sa.Column("lead_id", sa.Text),  # Cloud accountId, Data Center user name
    sa.Column("assignee_type", sa.Text),
)
boards = _part(BOARDS, "board_id", sa.Column("name", sa.Text), sa.Column("type", sa.Text))
sprints = _part(
    SPRINTS, "sprint_id",
    sa.Column("board_id", sa.BigInteger),  # the board the sprint was made on (originBoardId)
    sa.Column("name", sa.Text), sa.Column("state", sa.Text), sa.Column("goal", sa.Text),
    sa.Column("start_date", sa.TIMESTAMP(timezone=True)), sa.Column("end_date", sa.TIMESTAMP(timezone=True)),
    sa.Column("complete_date", sa.TIMESTAMP(timezone=True)),
    sa.Index("ix_jira_sprints_board", "instance", "board_id"),
    project=False,
)
sprint_issues = sa.Table(
    SPRINT_ISSUES, metadata,
    sa.Column("instance", sa.Text, primary_key=True),
    sa.Column("sprint_id", sa.BigInteger, primary_key=True),
    sa.Column("issue_id", sa.BigInteger, primary_key=True),
    sa.Column("raw", JSONB, nullable=False),  # the element of the issue's Sprint field: object or string
    _stamp(),
    sa.Index("ix_jira_sprint_issues_issue", "instance", "issue_id"),
)
sprint_issues_state = sa.Table(
    SPRINT_ISSUES_STATE, metadata,
    sa.Column("instance", sa.Text, primary_key=True),
    sa.Column("issue_id", sa.BigInteger, primary_key=True),
    sa.Column("updated", sa.TIMESTAMP(timezone=True)),  # the issue's `updated` when its membership was taken
)
