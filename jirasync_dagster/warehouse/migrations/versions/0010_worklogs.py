"""Worklogs and users: jira_worklogs, jira_worklog_state, jira_worklog_waiting, jira_worklog_issue_state and
jira_users.

Created only when missing (a warehouse that ran the sync before this revision got them from
`metadata.create_all`). jira_worklogs fills on the next sync of any partition of an instance:
without a row in jira_worklog_state it reads JIRA's worklog feed from the beginning. jira_users fills with
the users each partition's rows name, on its next sync.

Revision ID: 0010_worklogs
Revises: 0009_project_parts
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0010_worklogs"
down_revision = "0009_project_parts"
branch_labels = None
depends_on = None

TIMESTAMP = sa.TIMESTAMP(timezone=True)


def upgrade() -> None:
    # Frozen here as the tables were when this revision was written (not read from worklog_tables.py).
    op.create_table(
        "jira_worklogs",
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column("worklog_id", sa.BigInteger, primary_key=True),
        sa.Column("issue_id", sa.BigInteger, nullable=False),
        sa.Column("project_key", sa.Text, nullable=False),
        sa.Column("author_id", sa.Text),
        sa.Column("started", TIMESTAMP),
        sa.Column("time_spent_seconds", sa.BigInteger),
        sa.Column("created", TIMESTAMP),
        sa.Column("updated", TIMESTAMP),
        sa.Column("comment_text", sa.Text),
        sa.Column("raw", JSONB, nullable=False),
        sa.Column("synced_at", TIMESTAMP, nullable=False, server_default=sa.func.now()),
        sa.Column("deleted_at", TIMESTAMP),
        if_not_exists=True,
    )
    op.create_index("ix_jira_worklogs_issue", "jira_worklogs", ["instance", "issue_id"], if_not_exists=True)
    op.create_index("ix_jira_worklogs_project", "jira_worklogs", ["instance", "project_key"], if_not_exists=True)
    op.create_table(
        "jira_worklog_state",
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column("updated_since", sa.BigInteger),
        sa.Column("deleted_since", sa.BigInteger),
        sa.Column("deletions_checked_at", TIMESTAMP),
        sa.Column("pass_started_at", TIMESTAMP),
        sa.Column("synced_at", TIMESTAMP, nullable=False, server_default=sa.func.now()),
        if_not_exists=True,
    )
    op.create_table(
        "jira_worklog_waiting",
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column("worklog_id", sa.BigInteger, primary_key=True),
        sa.Column("issue_id", sa.BigInteger, nullable=False),
        if_not_exists=True,
    )
    op.create_index("ix_jira_worklog_waiting_issue", "jira_worklog_waiting", ["instance", "issue_id"],
                    if_not_exists=True)
    op.create_table(
        "jira_worklog_issue_state",
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column("issue_id", sa.BigInteger, primary_key=True),
        sa.Column("updated", TIMESTAMP),
        if_not_exists=True,
    )
    op.create_table(
        "jira_users",
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column("user_key", sa.Text, primary_key=True),
        sa.Column("display_name", sa.Text),
        sa.Column("email", sa.Text),
        sa.Column("active", sa.Boolean),
        sa.Column("time_zone", sa.Text),
        sa.Column("raw", JSONB, nullable=False),
        sa.Column("synced_at", TIMESTAMP, nullable=False, server_default=sa.func.now()),
        if_not_exists=True,
    )


def downgrade() -> None:
    for name in ("jira_users", "jira_worklog_issue_state", "jira_worklog_waiting", "jira_worklog_state",
                 "jira_worklogs"):
        op.drop_table(name, if_exists=True)
