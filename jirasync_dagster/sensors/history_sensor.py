"""`jira_sync_history_sensor`: copies finished sync runs from Dagster's run storage into the warehouse."""

from datetime import datetime

from dagster import (
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from jirasync_dagster.automation.settings import (
    default_sensor_status,
    history_sensor_seconds,
)
from jirasync_dagster.history import ensure_history_tables, record_syncs, sync_runs

BATCH = 200


def build_history_sensor() -> SensorDefinition:
    """The history sensor (it launches no runs)."""

    @sensor(
        name="jira_sync_history_sensor",
        minimum_interval_seconds=history_sensor_seconds(),
        default_status=default_sensor_status(),
        required_resource_keys={"warehouse"},
        description="Copy finished jira_sync_job runs into jira_sync_history (and its daily view).",
    )
    def jira_sync_history_sensor(context: SensorEvaluationContext):
        """Upsert runs finished since the cursor (their last update time) into jira_sync_history."""
        after = datetime.fromisoformat(context.cursor) if context.cursor else None
        runs = sync_runs(context.instance, limit=BATCH, updated_after=after, finished_only=True, oldest_first=True)
        if not runs:
            return SkipReason("no sync run finished since the last copy")
        engine = context.resources.warehouse.get().engine
        ensure_history_tables(engine)
        record_syncs(engine, runs)
        context.log.info(f"{len(runs)} sync runs copied to jira_sync_history")
        return SensorResult(cursor=runs[-1].updated_at.isoformat())

    return jira_sync_history_sensor
