"""Issue comments and links: jira_issue_comments and jira_issue_links.

Created only when missing (a warehouse that ran the sync before this revision got them from
`metadata.create_all`). They fill on each partition's next sync: the sync now requests the
`comment` and `issuelinks` fields, which the stored rows' raw_fields lack, so that sync reads
the whole project once.

Revision ID: 0008_issue_comments_links
Revises: 0007_sync_history_statistics
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0008_issue_comments_links"
down_revision = "0007_sync_history_statistics"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jira_issue_comments",
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column("comment_id", sa.BigInteger, primary_key=True),
        sa.Column("issue_id", sa.BigInteger, nullable=False),
        sa.Column("project_key", sa.Text, nullable=False),
        sa.Column("author_id", sa.Text),
        sa.Column("author_display_name", sa.Text),
        sa.Column("created", sa.TIMESTAMP(timezone=True)),
        sa.Column("updated", sa.TIMESTAMP(timezone=True)),
        sa.Column("body_text", sa.Text),
        sa.Column("raw", JSONB, nullable=False),
        sa.Column("synced_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("deleted_at", sa.TIMESTAMP(timezone=True)),
        if_not_exists=True,
    )
    op.create_index("ix_jira_issue_comments_issue", "jira_issue_comments", ["instance", "issue_id"], if_not_exists=True)
    op.create_index("ix_jira_issue_comments_project", "jira_issue_comments", ["instance", "project_key"],
                    if_not_exists=True)
    op.create_table(
        "jira_issue_links",
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column("link_id", sa.BigInteger, primary_key=True),
        sa.Column("issue_id", sa.BigInteger, primary_key=True),
        sa.Column("project_key", sa.Text, nullable=False),
        sa.Column("direction", sa.Text, nullable=False),
        sa.Column("link_type_id", sa.Text),
        sa.Column("link_type_name", sa.Text),
        sa.Column("relation", sa.Text),
        sa.Column("other_issue_id", sa.BigInteger, nullable=False),
        sa.Column("other_issue_key", sa.Text),
        sa.Column("synced_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),
        if_not_exists=True,
    )
    op.create_index("ix_jira_issue_links_other", "jira_issue_links", ["instance", "other_issue_id"], if_not_exists=True)
    op.create_index("ix_jira_issue_links_project", "jira_issue_links", ["instance", "project_key"], if_not_exists=True)


def downgrade() -> None:
    op.drop_table("jira_issue_links", if_exists=True)
    op.drop_table("jira_issue_comments", if_exists=True)
