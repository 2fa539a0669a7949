"""`jira_project_sensor`: new projects become partitions with a first sync; removed ones go away."""

import time

from dagster import (
    AddDynamicPartitionsRequest,
    DeleteDynamicPartitionsRequest,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from jirasync_dagster.automation.clients import configured_resources, tick_client
from jirasync_dagster.automation.run_requests import registered_partitions, sync_requests
from jirasync_dagster.automation.settings import (
    default_sensor_status,
    partitions_per_run,
    project_sensor_seconds,
)
from jirasync_dagster.jira import JiraError
from jirasync_dagster.jobs import jira_sync_job
from jirasync_dagster.partitions import jira_projects_partitions
from jirasync_dagster.resources import resource_key
from jirasync_dagster.sync.discovery import NoProjectsVisible, discover_partitions
from jirasync_dagster.warehouse.catalog import active_partitions


def build_project_sensor(instances: list[str]) -> SensorDefinition:
    """The project sensor for the configured instances."""

    @sensor(
        name="jira_project_sensor",
        job=jira_sync_job,
        minimum_interval_seconds=project_sensor_seconds(),
        default_status=default_sensor_status(),
        required_resource_keys={resource_key(name) for name in instances} | {"warehouse"},
        description="Discover new and removed JIRA projects; register them as partitions and sync new ones.",
    )
    def jira_project_sensor(context: SensorEvaluationContext):
        """Add partitions for new projects (and request their first sync), delete those of removed ones."""
        engine = context.resources.warehouse.get().engine
        order = registered_partitions(context.instance)
        registered = set(order)
        added, removed, failed = [], [], []
        for resource in configured_resources(context.resources, instances):
            mine = {key for key in registered if key.startswith(f"{resource.name}:")}
            try:
                with tick_client(resource, context.log) as client:
                    wanted = set(discover_partitions(client, engine, context.log))
            except NoProjectsVisible as exc:
                context.log.warning(f"{exc}; keeping its {len(mine)} partitions")
                continue
            except JiraError as exc:
                context.log.warning(f"project discovery skipped this tick: {exc}")
                failed.append(resource.name)
                continue
            added += sorted(wanted - mine)
            removed += sorted(mine - wanted)
        if failed and len(failed) == len(instances):
            raise RuntimeError(f"no JIRA instance answered: {', '.join(failed)}")
        if not added and not removed:
            return SkipReason("no project was added or removed")
        with engine.connect() as conn:
            active = set(active_partitions(conn))
        stamp = int(time.time())
        context.log.info(f"new partitions: {added or 'none'}; removed: {removed or 'none'}")
        return SensorResult(
            # The new partitions are registered by this very result, so their order is the order added.
            run_requests=sync_requests([p for p in added if p in active], [*order, *added],
                                       f"new_project:{stamp}", "new_project", partitions_per_run()),
            dynamic_partitions_requests=[
                *([AddDynamicPartitionsRequest(jira_projects_partitions.name, added)] if added else []),
                *([DeleteDynamicPartitionsRequest(jira_projects_partitions.name, removed)] if removed else []),
            ],
        )

    return jira_project_sensor
