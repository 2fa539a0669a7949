"""The Dagster definitions: assets, jobs and resources for the configured instances."""

from dagster import Definitions

from jirasync_dagster.assets import build_assets
from jirasync_dagster.jobs import jira_discovery_job, jira_sync_job
from jirasync_dagster.ops import jira_mapping_backfill_job
from jirasync_dagster.resources import JiraResource, build_resources


def build_definitions() -> Definitions:
    """Definitions for the JIRA instances the environment describes right now."""
    resources = build_resources()
    instances = [r.name for r in resources.values() if isinstance(r, JiraResource)]
    return Definitions(
        assets=build_assets(instances),
        jobs=[jira_discovery_job, jira_sync_job, jira_mapping_backfill_job],
        resources=resources,
    )


defs = build_definitions()
