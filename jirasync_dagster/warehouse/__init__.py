"""The warehouse: Postgres tables, batched upserts and schema sync; no Dagster."""

from jirasync_dagster.warehouse.columns import ColumnTypeConflict, add_missing_columns, column_conflicts
from jirasync_dagster.warehouse.database_url import normalise_url, resolve_database_url
from jirasync_dagster.warehouse.issue_rows import EncodedRows, MergeCounts, RowLayout, merge_rows
from jirasync_dagster.warehouse.locks import PartitionBusyError, advisory_lock
from jirasync_dagster.warehouse.sync_state import (
    SyncState,
    clear_state,
    mark_checked,
    read_state,
    read_states,
    write_state,
)
from jirasync_dagster.warehouse.warehouse import Warehouse

__all__ = [
    "ColumnTypeConflict", "EncodedRows", "MergeCounts", "PartitionBusyError", "RowLayout", "SyncState", "Warehouse",
    "add_missing_columns", "advisory_lock", "clear_state", "column_conflicts", "merge_rows",
    "mark_checked", "normalise_url", "read_state", "read_states", "resolve_database_url", "write_state",
]
