"""Baseline: jirasync's tables as they were before migrations existed (the "v0" warehouse).

A v0 warehouse already has these tables, so each is created only when missing; the revision
then records that the warehouse is at the baseline. The definitions are frozen copies: later
changes to `schema.py` need a revision of their own.

Revision ID: 0001_baseline
Revises:
Create Date: 2025-06-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def v0_metadata() -> sa.MetaData:
    """The v0 tables: warehouse/schema.py and mapping/store_tables.py before migrations."""
    metadata = sa.MetaData()
    sa.Table(
        "jira_issues_v2", metadata,
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column("issue_id", sa.BigInteger, primary_key=True),
        sa.Column("issue_key", sa.Text, nullable=False),
        sa.Column("project_key", sa.Text, nullable=False),
        sa.Column("updated", sa.TIMESTAMP(timezone=True)),
        sa.Column("raw", JSONB, nullable=False),
        sa.Column("synced_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("deleted_at", sa.TIMESTAMP(timezone=True)),
        sa.Index("ix_jira_issues_v2_project", "instance", "project_key"),
        sa.Index("ix_jira_issues_v2_issue_key", "issue_key"),
        sa.Index("ix_jira_issues_v2_updated", "updated"),
    )
    sa.Table(
        "jira_projects", metadata,
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column("project_key", sa.Text, primary_key=True),
        sa.Column("project_id", sa.Text),
        sa.Column("name", sa.Text),
        sa.Column("partition_key", sa.Text, nullable=False, unique=True),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("discovered_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("last_seen_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("removed_at", sa.TIMESTAMP(timezone=True)),
    )
    sa.Table(
        "jira_field_cache", metadata,
        sa.Column("instance", sa.Text, primary_key=True),
        sa.Column("field_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text),
        sa.Column("custom", sa.Boolean),
        sa.Column("schema", JSONB),
        sa.Column("fetched_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    sa.Table(
        "jira_sync_state", metadata,
        sa.Column("partition_key", sa.Text, primary_key=True),
        sa.Column("instance", sa.Text, nullable=False),
        sa.Column("project_key", sa.Text, nullable=False),
        sa.Column("watermark", sa.TIMESTAMP(timezone=True)),
        sa.Column("last_sync_at", sa.TIMESTAMP(timezone=True)),
        sa.Column("last_full_sync_at", sa.TIMESTAMP(timezone=True)),
        sa.Column("last_reconciled_at", sa.TIMESTAMP(timezone=True)),
    )
    sa.Table(
        "field_mappings", metadata,
        sa.Column("column_name", sa.Text, primary_key=True),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("group_name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("default_value", JSONB(none_as_null=True)),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("sources", JSONB, nullable=False),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_by", sa.Text, nullable=False),
    )
    sa.Table(
        "field_mappings_history", metadata,
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("changed_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("before", JSONB, nullable=False),
        sa.Column("after", JSONB, nullable=False),
    )
    return metadata


def upgrade() -> None:
    v0_metadata().create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    raise NotImplementedError("the baseline is not undone: drop the tables by hand if you mean it")
