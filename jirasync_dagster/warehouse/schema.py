"""The warehouse's own tables, created idempotently, and the user's columns added to them."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

metadata = sa.MetaData()

ISSUES_TABLE = "jira_issues_v2"
CORE_COLUMNS = ("instance", "issue_id", "issue_key", "project_key", "updated", "raw", "synced_at", "deleted_at")

issues = sa.Table(
    ISSUES_TABLE, metadata,
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

projects = sa.Table(
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

field_cache = sa.Table(
    "jira_field_cache", metadata,
    sa.Column("instance", sa.Text, primary_key=True),
    sa.Column("field_id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text),
    sa.Column("custom", sa.Boolean),
    sa.Column("schema", JSONB),
    sa.Column("fetched_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),
)

sync_state = sa.Table(
    "jira_sync_state", metadata,
    sa.Column("partition_key", sa.Text, primary_key=True),
    sa.Column("instance", sa.Text, nullable=False),
    sa.Column("project_key", sa.Text, nullable=False),
    sa.Column("watermark", sa.TIMESTAMP(timezone=True)),
    sa.Column("last_sync_at", sa.TIMESTAMP(timezone=True)),
    sa.Column("last_full_sync_at", sa.TIMESTAMP(timezone=True)),
    sa.Column("last_reconciled_at", sa.TIMESTAMP(timezone=True)),
)


def quote(conn_or_engine, identifier: str) -> str:
    """`identifier` quoted for Postgres (callers validate names before they get here)."""
    return conn_or_engine.dialect.identifier_preparer.quote_identifier(identifier)
