"""`jira_sync_history`: an external asset whose materializations the sync runs and the history sensor report."""

import sqlalchemy as sa
from dagster import AssetMaterialization, AssetSpec, MetadataValue

from jirasync_dagster.assets.keys import HISTORY, ISSUES
from jirasync_dagster.assets.row_counts import ROW_COUNT
from jirasync_dagster.history import history_row_count

# External: no run ever materializes it on its own (that would cost a run per sync); the sync
# run writes its rows as it ends and reports them, and the sensor reports the gaps it fills.
history_spec = AssetSpec(
    HISTORY, deps=[ISSUES], group_name="jira", kinds={"postgres"},
    description="jira_sync_history: one row per sync run and partition (status, timing, counts).",
)


def history_materialization(engine: sa.Engine, recorded: int, source: str) -> AssetMaterialization:
    """A materialization of jira_sync_history after `source` wrote `recorded` rows, with the table's row count."""
    return AssetMaterialization(HISTORY, description=f"{recorded} rows recorded by {source}", metadata={
        "recorded_rows": MetadataValue.int(recorded), ROW_COUNT: MetadataValue.int(history_row_count(engine)),
    })
