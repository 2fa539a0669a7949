"""Sync history: the runs of jira_sync_job and their rows in jira_sync_history.

The statistics over them (`history.statistics`, pandas) are imported where they are used:
pandas costs a run process ~0.2 s of CPU that a sync never needs.
"""

from jirasync_dagster.history.records import materialized_partitions, sync_runs
from jirasync_dagster.history.sync_run import FAILURE, SUCCESS, SyncRun
from jirasync_dagster.history.table import history_row_count, record_syncs

__all__ = [
    "FAILURE", "SUCCESS", "SyncRun", "history_row_count", "materialized_partitions", "record_syncs", "sync_runs",
]
