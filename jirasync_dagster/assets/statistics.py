"""`jira_sync_statistics`: per project and overall sync figures, computed with pandas from jira_sync_history."""

from datetime import datetime, timezone

import sqlalchemy as sa
from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from jirasync_dagster.assets.keys import HISTORY, STATISTICS
from jirasync_dagster.assets.row_counts import ROW_COUNT


def refresh_statistics(engine: sa.Engine) -> dict:
    """Recompute jira_sync_statistics from jira_sync_history now; returns its materialization metadata."""
    # Imported here, not at the top: every run process loads this module, and only this
    # function (in the asset's run or the long-lived sensor process) needs pandas.
    from jirasync_dagster.history.statistics import compute_statistics, read_history, write_statistics
    from jirasync_dagster.history.statistics_table import statistics_markdown

    now = datetime.now(timezone.utc)
    history = read_history(engine)
    statistics = compute_statistics(history, now)
    written = write_statistics(engine, statistics, now)
    return {
        "statistics": MetadataValue.md(statistics_markdown(statistics)),
        "history_rows": MetadataValue.int(len(history)),
        ROW_COUNT: MetadataValue.int(written),
    }


@asset(
    key=STATISTICS, deps=[HISTORY], group_name="jira", kinds={"pandas", "postgres"},
    required_resource_keys={"warehouse"},
    description="jira_sync_statistics: runs, success rate, issues, mean and 95th-percentile seconds and issues/s "
                "per project and overall, for 7 days, 30 days and all time.",
)
def jira_sync_statistics(context: AssetExecutionContext) -> MaterializeResult:
    """Sync statistics per project and overall for 7 days, 30 days and all time, into jira_sync_statistics."""
    return MaterializeResult(metadata=refresh_statistics(context.resources.warehouse.get().engine))
