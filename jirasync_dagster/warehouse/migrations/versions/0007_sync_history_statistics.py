"""jira_sync_history under the migrations, and jira_sync_statistics in place of the view jira_sync_history_daily.

Until now the history sensor made jira_sync_history itself (at first keyed by run_id alone);
runs now record their own rows, so the table must exist before any sensor ticks. The daily
view's 7- and 30-day figures are computed, with the rest, into jira_sync_statistics by the
`jira_sync_statistics` asset: one definition of each figure, so the view goes.

Revision ID: 0007_sync_history_statistics
Revises: 0006_sync_state_last_checked
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0007_sync_history_statistics"
down_revision = "0006_sync_state_last_checked"
branch_labels = None
depends_on = None

# Tables the sensor made before runs carried many partitions were keyed by run_id alone.
WIDEN_KEY_SQL = """
DO $$ BEGIN
  IF (SELECT count(*) FROM information_schema.key_column_usage
      WHERE table_name = 'jira_sync_history' AND constraint_name = 'jira_sync_history_pkey') = 1 THEN
    UPDATE jira_sync_history SET partition_key = '' WHERE partition_key IS NULL;
    ALTER TABLE jira_sync_history DROP CONSTRAINT jira_sync_history_pkey, ADD PRIMARY KEY (run_id, partition_key);
  END IF;
END $$;
"""


def upgrade() -> None:
    op.create_table(
        "jira_sync_history",
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
        *(sa.Column(name, sa.BigInteger) for name in ("issues_fetched", "inserted", "updated", "deleted", "moved")),
        sa.Column("metadata", JSONB, nullable=False),
        if_not_exists=True,
    )
    op.execute(WIDEN_KEY_SQL)
    op.create_index("ix_jira_sync_history_partition", "jira_sync_history", ["partition_key", "started_at"],
                    if_not_exists=True)
    op.execute("DROP VIEW IF EXISTS jira_sync_history_daily")
    op.create_table(
        "jira_sync_statistics",
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
        if_not_exists=True,  # made by `metadata.create_all` where the safety net ran first
    )


def downgrade() -> None:
    # jira_sync_history predates the migrations and keeps its rows; the view is not made again.
    op.drop_table("jira_sync_statistics", if_exists=True)
