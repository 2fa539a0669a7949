"""Launching the jobs as Dagster runs recorded in the persistent instance."""

from dataclasses import dataclass

from dagster import DagsterInstance, Definitions

from jirasync_dagster.assets.issues import FULL_REFRESH_TAG
from jirasync_dagster.automation.run_requests import INSTANCE_TAG
from jirasync_dagster.partitions import jira_projects_partitions


@dataclass
class RunOutcome:
    """How one run ended and what its materialization reported."""

    partition: str | None
    run_id: str
    success: bool
    metadata: dict
    error: str | None = None


def _outcome(result, partition: str | None) -> RunOutcome:
    metadata = {}
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        metadata.update({k: v.value for k, v in materialization.metadata.items()})
    error = None
    if not result.success:
        failures = [e for e in result.all_events if e.is_step_failure]
        error = failures[0].event_specific_data.error.message.strip() if failures else "run failed"
    return RunOutcome(partition, result.run_id, result.success, metadata, error)


# The CLI draws its own progress; Dagster's console logger would bury it under DEBUG events.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def run_discovery(defs: Definitions, instance: DagsterInstance) -> RunOutcome:
    """Run jira_discovery_job once."""
    result = defs.resolve_job_def("jira_discovery_job").execute_in_process(
        instance=instance, run_config=QUIET, raise_on_error=False
    )
    return _outcome(result, None)


def run_partition_sync(defs: Definitions, instance: DagsterInstance, partition: str, *, full: bool = False) -> RunOutcome:
    """Run jira_sync_job for one partition."""
    tags = {INSTANCE_TAG: partition.split(":", 1)[0]}
    if full:
        tags[FULL_REFRESH_TAG] = "true"
    result = defs.resolve_job_def("jira_sync_job").execute_in_process(
        instance=instance, partition_key=partition, tags=tags, run_config=QUIET, raise_on_error=False
    )
    return _outcome(result, partition)


def known_partitions(instance: DagsterInstance) -> list[str]:
    """Every partition key registered by discovery."""
    return sorted(instance.get_dynamic_partitions(jira_projects_partitions.name))
