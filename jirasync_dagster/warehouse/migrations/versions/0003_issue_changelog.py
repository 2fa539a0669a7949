"""Issue changelogs: jira_issue_changelog (one row per history item), its fetch state, and the
live view (changelog rows of soft-deleted issues are kept; the view joins live issues only).

Revision ID: 0003_issue_changelog
Revises: 0002_filter_indexes
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_issue_changelog"
down_revision = "0002_filter_indexes"
branch_labels = None
depends_on = None

TIMESTAMPTZ = sa.TIMESTAMP(timezone=True)


def upgrade() -> None:
    bind = op.get_bind()
    if not sa.inspect(bind).has_table("jira_issue_changelog"):
        op.create_table(
            "jira_issue_changelog",
            sa.Column("instance", sa.Text, primary_key=True),
            sa.Column("issue_id", sa.BigInteger, primary_key=True),
            sa.Column("history_id", sa.BigInteger, primary_key=True),
            sa.Column("item_index", sa.Integer, primary_key=True),
            sa.Column("created", TIMESTAMPTZ, nullable=False),
            sa.Column("author", sa.Text),
            sa.Column("author_id", sa.Text),
            sa.Column("field", sa.Text),
            sa.Column("field_id", sa.Text),
            sa.Column("field_type", sa.Text),
            sa.Column("from_id", sa.Text),
            sa.Column("from_string", sa.Text),
            sa.Column("to_id", sa.Text),
            sa.Column("to_string", sa.Text),
        )
    op.create_index("ix_jira_issue_changelog_field", "jira_issue_changelog", ["instance", "field", "created"],
                    if_not_exists=True)
    if not sa.inspect(bind).has_table("jira_issue_changelog_state"):
        op.create_table(
            "jira_issue_changelog_state",
            sa.Column("instance", sa.Text, primary_key=True),
            sa.Column("issue_id", sa.BigInteger, primary_key=True),
            sa.Column("updated", TIMESTAMPTZ),
            sa.Column("entries", sa.Integer, nullable=False, server_default="0"),
            sa.Column("fetched_at", TIMESTAMPTZ),
            sa.Column("derived_synced_at", TIMESTAMPTZ),
        )
    op.execute(
        "CREATE OR REPLACE VIEW jira_issue_changelog_live AS "
        "SELECT c.*, i.issue_key, i.project_key FROM jira_issue_changelog c "
        "JOIN jira_issues_v2 i USING (instance, issue_id) WHERE i.deleted_at IS NULL"
    )


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS jira_issue_changelog_live")
    op.drop_table("jira_issue_changelog_state")
    op.drop_table("jira_issue_changelog")
