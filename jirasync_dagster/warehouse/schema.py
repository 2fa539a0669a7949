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
    sa.Column("raw", JSONB, nullable=False),  # STORAGE EXTERNAL: uncompressed, out of line (0005)
    sa.Column("synced_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("deleted_at", sa.TIMESTAMP(timezone=True)),
    sa.Index("ix_jira_issues_v2_project", "instance", "project_key"),
    sa.Index("ix_jira_issues_v2_issue_key", "issue_key"),
    sa.Index("ix_jira_issues_v2_updated", "updated"),
    sa.Index("ix_jira_issues_v2_project_key", "project_key", "updated"),  # migration 0002
)

# Indexes on mapped columns for common filters, made once schema sync has added the column.
MAPPED_FILTER_INDEXES = {"ix_jira_issues_v2_status": ("status",)}

# Comments of synced issues; a comment gone from its issue is soft-deleted (deleted_at), as issues are.
COMMENTS_TABLE = "jira_issue_comments"
comments = sa.Table(
    COMMENTS_TABLE, metadata,
    sa.Column("instance", sa.Text, primary_key=True),
    sa.Column("comment_id", sa.BigInteger, primary_key=True),
    sa.Column("issue_id", sa.BigInteger, nullable=False),
    sa.Column("project_key", sa.Text, nullable=False),
    sa.Column("author_id", sa.Text),  # Cloud accountId, Data Center user name
    sa.Column("author_display_name", sa.Text),
    sa.Column("created", sa.TIMESTAMP(timezone=True)),
    sa.Column("updated", sa.TIMESTAMP(timezone=True)),
    sa.Column("body_text", sa.Text),  # plain text (from ADF on Cloud); NULL when the body did not convert
    sa.Column("raw", JSONB, nullable=False),
    sa.Column("synced_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("deleted_at", sa.TIMESTAMP(timezone=True)),
    sa.Index("ix_jira_issue_comments_issue", "instance", "issue_id"),
    sa.Index("ix_jira_issue_comments_project", "instance", "project_key"),
)

# Issue links, one row per issue side: the issue's current `issuelinks`, rewritten whole when it changes.
LINKS_TABLE = "jira_issue_links"
links = sa.Table(
    LINKS_TABLE, metadata,
    sa.Column("instance", sa.Text, primary_key=True),
    sa.Column("link_id", sa.BigInteger, primary_key=True),
    sa.Column("issue_id", sa.BigInteger, primary_key=True),
    sa.Column("project_key", sa.Text, nullable=False),
    sa.Column("direction", sa.Text, nullable=False),  # 'outward': this issue <verb> the other; 'inward': the reverse
    sa.Column("link_type_id", sa.Text),
    sa.Column("link_type_name", sa.Text),
    sa.Column("relation", sa.Text),  # the type's verb as read from this issue: "blocks", "is blocked by"
    sa.Column("other_issue_id", sa.BigInteger, nullable=False),
    sa.Column("other_issue_key", sa.Text),
    sa.Column("synced_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Index("ix_jira_issue_links_other", "instance", "other_issue_id"),
    sa.Index("ix_jira_issue_links_project", "instance", "project_key"),
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
    # The JIRA fields requested (and so kept in `raw`) by the last sync: a mapping that reads a
    # field outside them needs the project read again, or its column stays empty.
    sa.Column("raw_fields", sa.ARRAY(sa.Text)),
    # When automation last found nothing in JIRA newer than the rows (a quiet project gets no
    # run, so its last sync alone would make it look stale).
    sa.Column("last_checked_at", sa.TIMESTAMP(timezone=True)),
)


# One row per sync run and partition: written by the run as it ends, gaps filled by the history sensor.
HISTORY_TABLE = "jira_sync_history"
HISTORY_COUNTS = ("issues_fetched", "inserted", "updated", "deleted", "moved")
sync_history = sa.Table(
    HISTORY_TABLE, metadata,
    sa.Column("run_id", sa.Text, primary_key=True),
    sa.Column("partition_key", sa.Text, primary_key=True),
    sa.Column("instance", sa.Text),
    sa.Column("project_key", sa.Text),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("trigger", sa.Text),
    sa.Column("mode", sa.Text),
    sa.Column("started_at", sa.TIMESTAMP(timezone=True)),
    sa.Column("ended_at", sa.TIMESTAMP(timezone=True)),
    sa.Column("seconds", sa.Float),
    *(sa.Column(name, sa.BigInteger) for name in HISTORY_COUNTS),
    sa.Column("metadata", JSONB, nullable=False),
    sa.Index("ix_jira_sync_history_partition", "partition_key", "started_at"),
)

# Figures per project (scope = partition key) and overall (scope = 'overall') for 7d, 30d and all time.
STATISTICS_TABLE = "jira_sync_statistics"
sync_statistics = sa.Table(
    STATISTICS_TABLE, metadata,
    sa.Column("scope", sa.Text, primary_key=True),
    sa.Column("period", sa.Text, primary_key=True),
    sa.Column("runs", sa.Integer, nullable=False),
    sa.Column("succeeded", sa.Integer, nullable=False),
    sa.Column("success_rate", sa.Float),
    sa.Column("issues", sa.BigInteger, nullable=False),
    sa.Column("mean_seconds", sa.Float),
    sa.Column("p95_seconds", sa.Float),
    sa.Column("issues_per_second", sa.Float),
    sa.Column("computed_at", sa.TIMESTAMP(timezone=True), nullable=False),
)


def quote(conn_or_engine, identifier: str) -> str:
    """`identifier` quoted for Postgres (callers validate names before they get here)."""
    return conn_or_engine.dialect.identifier_preparer.quote_identifier(identifier)


def ensure_filter_indexes(conn: sa.Connection) -> list[str]:
    """Create each index of MAPPED_FILTER_INDEXES whose columns exist; returns the names created now."""
    have = set(conn.execute(sa.text(
        "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = to_regclass(:table) AND a.attnum > 0 "
        "AND NOT a.attisdropped"), {"table": ISSUES_TABLE}).scalars())
    existing = set(conn.execute(sa.text(
        "SELECT indexname FROM pg_indexes WHERE tablename = :table AND schemaname = current_schema()"),
        {"table": ISSUES_TABLE}).scalars())
    created = []
    for name, columns in MAPPED_FILTER_INDEXES.items():
        if name not in existing and set(columns) <= have:
            conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {quote(conn, name)} ON {quote(conn, ISSUES_TABLE)} "
                                 f"({', '.join(quote(conn, c) for c in columns)})"))
            created.append(name)
    return created
