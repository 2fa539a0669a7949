"""Sync history: the runs of jira_sync_job read from Dagster, and their copy in the warehouse."""

from jirasync_dagster.history.records import SyncRun, materialized_partitions, sync_runs
from jirasync_dagster.history.table import HISTORY_TABLE, HISTORY_VIEW, ensure_history_tables, record_syncs

__all__ = [
    "HISTORY_TABLE", "HISTORY_VIEW", "SyncRun", "ensure_history_tables", "materialized_partitions", "record_syncs",
    "sync_runs",
]
