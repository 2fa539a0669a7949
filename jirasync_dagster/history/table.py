"""`jira_sync_history` and its daily view `jira_sync_history_daily`, for SQL users."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, insert

from jirasync_dagster.history.records import SyncRun

HISTORY_TABLE = "jira_sync_history"
HISTORY_VIEW = "jira_sync_history_daily"
COUNTS = ("issues_fetched", "inserted", "updated", "deleted", "moved")

metadata = sa.MetaData()
history = sa.Table(
    HISTORY_TABLE, metadata,
    sa.Column("run_id", sa.Text, primary_key=True),
    # A run over many partitions (a backfill chunk, `jirasync sync`) gives a row per partition.
    sa.Column("partition_key", sa.Text, primary_key=True),
    sa.Column("instance", sa.Text),
    sa.Column("project_key", sa.Text),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("trigger", sa.Text),
    sa.Column("mode", sa.Text),
    sa.Column("started_at", sa.TIMESTAMP(timezone=True)),
    sa.Column("ended_at", sa.TIMESTAMP(timezone=True)),
    sa.Column("seconds", sa.Float),
    *(sa.Column(name, sa.BigInteger) for name in COUNTS),
    sa.Column("metadata", JSONB, nullable=False),
    sa.Index("ix_jira_sync_history_partition", "partition_key", "started_at"),
)

# Per day and partition, with rolling 7- and 30-day totals, over the last 30 days.
DAILY_VIEW_SQL = f"""
CREATE OR REPLACE VIEW {HISTORY_VIEW} AS
WITH daily AS (
    SELECT date_trunc('day', started_at)::date AS day, instance, partition_key,
           count(*) AS runs,
           count(*) FILTER (WHERE status = 'SUCCESS') AS succeeded,
           count(*) FILTER (WHERE status <> 'SUCCESS') AS failed,
           coalesce(sum(issues_fetched), 0) AS issues_fetched,
           coalesce(sum(inserted), 0) AS inserted,
           coalesce(sum(updated), 0) AS updated,
           coalesce(sum(deleted), 0) AS deleted,
           round(avg(seconds)::numeric, 3) AS avg_seconds,
           round(max(seconds)::numeric, 3) AS max_seconds
    FROM {HISTORY_TABLE}
    WHERE started_at >= now() - interval '30 days'
    GROUP BY 1, 2, 3
)
SELECT daily.*,
       sum(runs) OVER w7 AS runs_7d, sum(failed) OVER w7 AS failed_7d, sum(issues_fetched) OVER w7 AS issues_fetched_7d,
       sum(runs) OVER w30 AS runs_30d, sum(failed) OVER w30 AS failed_30d, sum(issues_fetched) OVER w30 AS issues_fetched_30d
FROM daily
WINDOW w7 AS (PARTITION BY partition_key ORDER BY day RANGE BETWEEN INTERVAL '6 days' PRECEDING AND CURRENT ROW),
       w30 AS (PARTITION BY partition_key ORDER BY day RANGE BETWEEN INTERVAL '29 days' PRECEDING AND CURRENT ROW)
"""


# Tables made before runs carried many partitions were keyed by run_id alone.
WIDEN_KEY_SQL = f"""
DO $$ BEGIN
  IF (SELECT count(*) FROM information_schema.key_column_usage
      WHERE table_name = '{HISTORY_TABLE}' AND constraint_name = '{HISTORY_TABLE}_pkey') = 1 THEN
    UPDATE {HISTORY_TABLE} SET partition_key = '' WHERE partition_key IS NULL;
    ALTER TABLE {HISTORY_TABLE} DROP CONSTRAINT {HISTORY_TABLE}_pkey, ADD PRIMARY KEY (run_id, partition_key);
  END IF;
END $$;
"""


def ensure_history_tables(engine: sa.Engine) -> None:
    """Create the history table (keyed by run and partition) and (re)create its daily view."""
    with engine.begin() as conn:
        metadata.create_all(conn)
        conn.execute(sa.text(WIDEN_KEY_SQL))
        conn.execute(sa.text(DAILY_VIEW_SQL))


def _row(run: SyncRun) -> dict:
    instance, _, project = (run.partition or "").partition(":")
    counts = {name: run.metadata.get(name) for name in COUNTS}
    return {
        "run_id": run.run_id, "partition_key": run.partition or "", "instance": instance or None,
        "project_key": project or None, "status": run.status, "trigger": run.trigger,
        "mode": run.metadata.get("mode"), "started_at": run.started_at, "ended_at": run.ended_at,
        "seconds": run.seconds, **counts, "metadata": run.metadata,
    }


def record_syncs(engine: sa.Engine, runs: list[SyncRun]) -> int:
    """Upsert `runs` into jira_sync_history (keyed by run and partition, so copying twice is harmless)."""
    if not runs:
        return 0
    statement = insert(history).values([_row(run) for run in runs])
    with engine.begin() as conn:
        conn.execute(statement.on_conflict_do_update(
            index_elements=["run_id", "partition_key"],
            set_={c.name: statement.excluded[c.name] for c in history.columns if c.name not in ("run_id", "partition_key")},
        ))
    return len(runs)
