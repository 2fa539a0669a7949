"""A project's parts: jira_versions, jira_components, jira_boards, jira_sprints, jira_sprint_issues.

Created only when missing (a warehouse that ran the sync before this revision got them from
`metadata.create_all`). Versions, components, boards and sprints fill on each partition's next
sync; sprint membership fills on the sync after that reads the Sprint field, which the stored
rows' raw_fields lack, so that sync reads the whole project once.

Revision ID: 0009_project_parts
Revises: 0008_issue_comments_links
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0009_project_parts"
down_revision = "0008_issue_comments_links"
branch_labels = None
depends_on = None

TIMESTAMP = sa.TIMESTAMP(timezone=True)


def _part(name: str, key: str, *columns: sa.Column, project: bool = True) -> None:
    # Frozen here as the tables were when this revision was written (not read from schema.py).
    op.create_table(
        name,
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column(key, sa.BigInteger, primary_key=True),
        *((sa.Column("project_key", sa.Text, nullable=False),) if project else ()),
        *columns,
        sa.Column("raw", JSONB, nullable=False),
        sa.Column("synced_at", TIMESTAMP, nullable=False, server_default=sa.func.now()),
        sa.Column("deleted_at", TIMESTAMP),
        if_not_exists=True,
    )
    if project:
        op.create_index(f"ix_{name}_project", name, ["instance", "project_key"], if_not_exists=True)


def upgrade() -> None:
    _part("jira_versions", "version_id",
          sa.Column("name", sa.Text), sa.Column("description", sa.Text), sa.Column("archived", sa.Boolean),
          sa.Column("released", sa.Boolean), sa.Column("start_date", sa.Date), sa.Column("release_date", sa.Date))
    _part("jira_components", "component_id",
          sa.Column("name", sa.Text), sa.Column("description", sa.Text), sa.Column("lead", sa.Text),
          sa.Column("lead_id", sa.Text), sa.Column("assignee_type", sa.Text))
    _part("jira_boards", "board_id", sa.Column("name", sa.Text), sa.Column("type", sa.Text))
    _part("jira_sprints", "sprint_id",
          sa.Column("board_id", sa.BigInteger), sa.Column("name", sa.Text), sa.Column("state", sa.Text),
          sa.Column("goal", sa.Text), sa.Column("start_date", TIMESTAMP), sa.Column("end_date", TIMESTAMP),
          sa.Column("complete_date", TIMESTAMP), project=False)
    op.create_index("ix_jira_sprints_board", "jira_sprints", ["instance", "board_id"], if_not_exists=True)
    op.create_table(
        "jira_sprint_issues",
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column("sprint_id", sa.BigInteger, primary_key=True),
        sa.Column("issue_id", sa.BigInteger, primary_key=True),
        sa.Column("raw", JSONB, nullable=False),
        sa.Column("synced_at", TIMESTAMP, nullable=False, server_default=sa.func.now()),
        if_not_exists=True,
    )
    op.create_index("ix_jira_sprint_issues_issue", "jira_sprint_issues", ["instance", "issue_id"], if_not_exists=True)
    op.create_table(
        "jira_sprint_issues_state",
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column("issue_id", sa.BigInteger, primary_key=True),
        sa.Column("updated", TIMESTAMP),
        if_not_exists=True,
    )


def downgrade() -> None:
    for name in ("jira_sprint_issues_state", "jira_sprint_issues", "jira_sprints", "jira_boards", "jira_components",
                 "jira_versions"):
        op.drop_table(name)
