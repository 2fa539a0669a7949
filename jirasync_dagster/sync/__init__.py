"""The sync: JIRA pages in, warehouse rows out, exact and incremental; no Dagster."""

from jirasync_dagster.sync.engine import sync_partition
from jirasync_dagster.sync.options import SyncOptions
from jirasync_dagster.sync.partition_key import (
    InvalidPartitionKey,
    partition_key,
    split_partition_key,
)
from jirasync_dagster.sync.reconcile import ProjectInvisibleError
from jirasync_dagster.sync.report import SyncReport

__all__ = [
    "InvalidPartitionKey", "ProjectInvisibleError", "SyncOptions", "SyncReport", "partition_key",
    "split_partition_key", "sync_partition",
]
