"""`jira_sync_history_sensor`: fills the gaps in jira_sync_history and refreshes jira_sync_statistics, without a run."""

import json
from datetime import datetime, timedelta, timezone

from dagster import (
    AssetMaterialization,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from jirasync_dagster.assets.history import history_materialization
from jirasync_dagster.assets.keys import STATISTICS
from jirasync_dagster.assets.statistics import refresh_statistics
from jirasync_dagster.automation.settings import default_sensor_status, history_sensor_seconds
from jirasync_dagster.history import record_syncs, sync_runs

BATCH = 200
# Figures over 7 days and more gain nothing from minute freshness; refreshing at most this
# often bounds the sensor's reading of the whole history while runs finish every minute.
STATISTICS_EVERY = timedelta(minutes=15)


def _cursor(raw: str | None) -> tuple[datetime | None, datetime | None]:
    """(last run update copied, last statistics refresh); a bare timestamp is an older sensor's cursor."""
    if not raw:
        return None, None
    if not raw.startswith("{"):
        return datetime.fromisoformat(raw), None
    parsed = json.loads(raw)
    return tuple(datetime.fromisoformat(parsed[k]) if parsed.get(k) else None for k in ("runs", "statistics"))


def build_history_sensor() -> SensorDefinition:
    """The history sensor (it launches no runs)."""

    @sensor(
        name="jira_sync_history_sensor",
        minimum_interval_seconds=history_sensor_seconds(),
        default_status=default_sensor_status(),
        required_resource_keys={"warehouse"},
        description="Copy finished jira_sync_job runs that recorded no history row (e.g. crashed) into "
                    "jira_sync_history, and refresh jira_sync_statistics at most every 15 minutes.",
    )
    def jira_sync_history_sensor(context: SensorEvaluationContext):
        """Fill history gaps from runs finished since the cursor; refresh the statistics when due."""
        runs_after, statistics_at = _cursor(context.cursor)
        runs = sync_runs(context.instance, limit=BATCH, updated_after=runs_after, finished_only=True, oldest_first=True)
        now = datetime.now(timezone.utc)
        newest = runs[-1].updated_at if runs else runs_after
        stale = newest is not None and (statistics_at is None or newest > statistics_at)
        due = stale and (statistics_at is None or now - statistics_at >= STATISTICS_EVERY)
        if not runs and not due:
            return SkipReason("no sync run finished since the last copy, statistics up to date")
        engine = context.resources.warehouse.get().engine
        events = []
        filled = record_syncs(engine, runs, only_missing=True)
        if filled:
            context.log.info(f"{filled} history rows filled in from the run storage")
            events.append(history_materialization(engine, filled, "jira_sync_history_sensor"))
        if due:
            events.append(AssetMaterialization(STATISTICS, metadata=refresh_statistics(engine)))
            statistics_at = now
        cursor = {"runs": newest and newest.isoformat(), "statistics": statistics_at and statistics_at.isoformat()}
        return SensorResult(cursor=json.dumps(cursor), asset_events=events)

    return jira_sync_history_sensor
