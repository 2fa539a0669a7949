"""The Dagster definitions: assets, checks, jobs, schedules, sensors and resources for the configured instances."""

from dagster import Definitions, in_process_executor

from jirasync_dagster.assets import build_assets
from jirasync_dagster.automation.freshness import build_freshness_check
from jirasync_dagster.jobs import jira_discovery_job, jira_sync_job
from jirasync_dagster.ops import jira_mapping_backfill_job
from jirasync_dagster.resources import JiraResource, build_resources
from jirasync_dagster.schedules import build_sync_schedule
from jirasync_dagster.sensors import build_change_sensor, build_history_sensor, build_project_sensor


def build_definitions() -> Definitions:
    """Definitions for the JIRA instances the environment describes right now."""
    resources = build_resources()
    instances = [r.name for r in resources.values() if isinstance(r, JiraResource)]
    return Definitions(
        assets=build_assets(instances),
        asset_checks=[build_freshness_check()],
        jobs=[jira_discovery_job, jira_sync_job, jira_mapping_backfill_job],
        schedules=[build_sync_schedule(instances)],
        sensors=[build_project_sensor(instances), build_change_sensor(instances), build_history_sensor()],
        resources=resources,
        # Assets materialized outside the jobs (from the UI) run in one process too.
        executor=in_process_executor,
    )


defs = build_definitions()
