"""`jira_change_sensor`: a cursor per instance, one search per tick, runs for just the changed projects."""

import json
import time

from dagster import SensorDefinition, SensorEvaluationContext, SensorResult, sensor

from jirasync_dagster.automation.changes import not_yet_synced, scan_changes
from jirasync_dagster.automation.clients import configured_resources, tick_client
from jirasync_dagster.automation.partitions import syncable_partitions
from jirasync_dagster.automation.run_requests import in_flight_partitions, sync_request
from jirasync_dagster.automation.settings import (
    change_sensor_seconds,
    default_sensor_status,
    int_setting,
)
from jirasync_dagster.jira import JiraError
from jirasync_dagster.jobs import jira_sync_job
from jirasync_dagster.resources import resource_key


def overlap_ms() -> int:
    """How far before the cursor each tick reads again: search results lag behind updates."""
    return 1000 * int_setting("JIRASYNC_CHANGE_OVERLAP_SECONDS", 120, 0)


def build_change_sensor(instances: list[str]) -> SensorDefinition:
    """The change sensor for the configured instances."""

    @sensor(
        name="jira_change_sensor",
        job=jira_sync_job,
        minimum_interval_seconds=change_sensor_seconds(),
        default_status=default_sensor_status(),
        required_resource_keys={resource_key(name) for name in instances} | {"warehouse"},
        description="Sync the JIRA projects with recently updated issues, within about a minute.",
    )
    def jira_change_sensor(context: SensorEvaluationContext):
        """Find projects whose issues changed since the cursor and request syncs of those behind."""
        cursor = json.loads(context.cursor) if context.cursor else {}
        engine = context.resources.warehouse.get().engine
        syncable = syncable_partitions(context.instance, engine)
        busy = in_flight_partitions(context.instance)
        wanted: list[str] = []
        for resource in configured_resources(context.resources, instances):
            name = resource.name
            since = cursor.get(name, int(time.time() * 1000)) - overlap_ms()
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
                context.log.info(f"{name}: more changes than one page; syncing all of its partitions")
                wanted += [p for p in syncable if p.startswith(f"{name}:")]
        requests = [
            sync_request(p, f"change:{p}:{cursor[p.split(':')[0]]}", "change")
            for p in wanted if p in syncable and p not in busy
        ]
        context.log.info(f"changed: {wanted or 'none'}; requested: {[r.partition_key for r in requests] or 'none'}")
        return SensorResult(run_requests=requests, cursor=json.dumps(cursor, sort_keys=True))

    return jira_change_sensor
