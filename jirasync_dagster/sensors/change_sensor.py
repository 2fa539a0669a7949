"""`jira_change_sensor`: a cursor per instance, one search per tick, runs for just the changed projects."""

import json
import time

from dagster import SensorDefinition, SensorEvaluationContext, SensorResult, sensor

from jirasync_dagster.automation.changes import not_yet_synced, scan_changes
from jirasync_dagster.automation.clients import configured_resources, tick_client
from jirasync_dagster.automation.freshness import as_evaluation, freshness_result
from jirasync_dagster.automation.partitions import syncable_partitions
from jirasync_dagster.automation.run_requests import in_flight_partitions, registered_partitions, sync_requests
from jirasync_dagster.automation.settings import (
    change_overlap_seconds,
    change_sensor_seconds,
    default_sensor_status,
    partitions_per_run,
    schedule_minutes,
)
from jirasync_dagster.jira import JiraError
from jirasync_dagster.jobs import jira_sync_job
from jirasync_dagster.resources import resource_key

# The cursor keeps one entry per instance name (lower case) and this one for the freshness report.
FRESHNESS_KEY = "_freshness"


def build_change_sensor(instances: list[str]) -> SensorDefinition:
    """The change sensor for the configured instances."""

    @sensor(
        name="jira_change_sensor",
        job=jira_sync_job,
        minimum_interval_seconds=change_sensor_seconds(),
        default_status=default_sensor_status(),
        required_resource_keys={resource_key(name) for name in instances} | {"warehouse"},
        description="Sync the JIRA projects with recently updated issues, within about a minute; "
                    "reports whether every project was confirmed up to date recently.",
    )
    def jira_change_sensor(context: SensorEvaluationContext):
        """Find projects whose issues changed since the cursor and request syncs of those behind."""
        cursor = json.loads(context.cursor) if context.cursor else {}
        reported = cursor.pop(FRESHNESS_KEY, None)
        engine = context.resources.warehouse.get().engine
        syncable = syncable_partitions(context.instance, engine)
        busy = in_flight_partitions(context.instance)
        wanted: list[str] = []
        for resource in configured_resources(context.resources, instances):
            name = resource.name
            since = cursor.get(name, int(time.time() * 1000)) - 1000 * change_overlap_seconds()
            try:
                with tick_client(resource, context.log) as client:
                    scan = scan_changes(client, since)
            except JiraError as exc:
                context.log.warning(f"change scan skipped this tick: {exc}")
                continue
            cursor[name] = scan.clock_ms
            if scan.complete:
                with engine.connect() as conn:
                    wanted += not_yet_synced(conn, name, scan.changed)
            else:
                context.log.info(f"{name}: more changes than one scan lists; syncing all of its partitions")
                wanted += [p for p in syncable if p.startswith(f"{name}:")]
        to_run = sorted({p for p in wanted if p in syncable and p not in busy})
        stamp = max(cursor.values(), default=int(time.time() * 1000))
        requests = sync_requests(to_run, registered_partitions(context.instance), f"change:{stamp}", "change",
                                 partitions_per_run())
        context.log.info(f"changed: {sorted(set(wanted)) or 'none'}; requested: {to_run or 'none'}")
        events, cursor[FRESHNESS_KEY] = _freshness_report(engine, syncable, reported)
        return SensorResult(run_requests=requests, cursor=json.dumps(cursor, sort_keys=True), asset_events=events)

    return jira_change_sensor


def _freshness_report(engine, syncable: list[str], reported: dict | None) -> tuple[list, dict]:
    """The freshness check's evaluation when its outcome changed or once per schedule interval, and the new state."""
    with engine.connect() as conn:
        result = freshness_result(conn, syncable)
    now_ms = int(time.time() * 1000)
    # Once per interval keeps the check's history meaningful without an event every tick.
    due = (reported is None or reported.get("passed") != result.passed
           or now_ms - reported.get("at", 0) >= 60_000 * schedule_minutes())
    if not due:
        return [], reported
    return [as_evaluation(result)], {"passed": result.passed, "at": now_ms}
