"""Issue changelogs: jira_issue_changelog, jira_issue_changelog_state and the view jira_issue_changelog_live.

Warehouses that ran the changelog step before this revision already have them (made by
`metadata.create_all`), so everything here is created only when missing.

Revision ID: 0003_issue_changelog
Revises: 0002_filter_indexes
Create Date: 2025-06-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_issue_changelog"
down_revision = "0002_filter_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jira_issue_changelog",
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column("issue_id", sa.BigInteger, primary_key=True),
        sa.Column("history_id", sa.BigInteger, primary_key=True),
        sa.Column("item_index", sa.Integer, primary_key=True),
        sa.Column("created", sa.TIMESTAMP(timezone=True), nullable=False),
        sa.Column("author", sa.Text),
        sa.Column("author_id", sa.Text),
        sa.Column("field", sa.Text),
        sa.Column("field_id", sa.Text),
        sa.Column("field_type", sa.Text),
        sa.Column("from_id", sa.Text),
        sa.Column("from_string", sa.Text),
        sa.Column("to_id", sa.Text),
        sa.Column("to_string", sa.Text),
        if_not_exists=True,
    )
    op.create_index("ix_jira_issue_changelog_field", "jira_issue_changelog", ["instance", "field", "created"],
                    if_not_exists=True)
    op.create_table(
        "jira_issue_changelog_state",
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column("issue_id", sa.BigInteger, primary_key=True),
        sa.Column("updated", sa.TIMESTAMP(timezone=True)),
        sa.Column("entries", sa.Integer, nullable=False, server_default="0"),
        sa.Column("fetched_at", sa.TIMESTAMP(timezone=True)),
        sa.Column("derived_synced_at", sa.TIMESTAMP(timezone=True)),
        if_not_exists=True,
    )
    op.execute(
        "CREATE OR REPLACE VIEW jira_issue_changelog_live AS "
        "SELECT c.*, i.issue_key, i.project_key FROM jira_issue_changelog c "
        "JOIN jira_issues_v2 i USING (instance, issue_id) WHERE i.deleted_at IS NULL"
    )


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS jira_issue_changelog_live")
    op.drop_table("jira_issue_changelog_state", if_exists=True)
    op.drop_table("jira_issue_changelog", if_exists=True)
