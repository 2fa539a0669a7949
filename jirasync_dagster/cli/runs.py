"""Launching the jobs as Dagster runs recorded in the persistent instance, in this process."""

from collections.abc import Callable
from dataclasses import dataclass

from dagster import DagsterInstance, Definitions

from jirasync_dagster.assets.sync_config import FULL_REFRESH_TAG
from jirasync_dagster.automation.run_requests import (
    INSTANCE_TAG,
    PARTITION_RANGE_TAGS,
    contiguous_ranges,
    instances_of,
    registered_partitions,
)
from jirasync_dagster.history import materialized_partitions
from jirasync_dagster.sync.many import PartitionOutcome, partition_listener


@dataclass
class RunOutcome:
    """How one partition (or the discovery) ended in its run, and what its materialization reported."""

    partition: str | None
    run_id: str
    success: bool
    metadata: dict
    error: str | None = None


# The CLI draws its own progress; Dagster's console logger would bury it under DEBUG events.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def _run_error(result) -> str:
    failures = [e for e in result.all_events if e.is_step_failure]
    return root_cause(failures[0].event_specific_data.error) if failures else "run failed"


def root_cause(error) -> str:
    """The message of the error at the bottom of Dagster's wrappers ("Error occurred while executing op …"),
    without its class path, which says nothing to a user."""
    while error.cause is not None:
        error = error.cause
    message = error.message.strip()
    prefix = f"{error.cls_name}: "
    return message[message.index(prefix) + len(prefix):] if prefix in message else message


def run_discovery(defs: Definitions, instance: DagsterInstance) -> RunOutcome:
    """Run jira_discovery_job once."""
    result = defs.resolve_job_def("jira_discovery_job").execute_in_process(
        instance=instance, run_config=QUIET, raise_on_error=False
    )
    metadata = materialized_partitions(instance, result.run_id).get(None, {})
    return RunOutcome(None, result.run_id, result.success, metadata, None if result.success else _run_error(result))


def run_partition_syncs(defs: Definitions, instance: DagsterInstance, partitions: list[str], *, full: bool = False,
                        on_partition: Callable[[PartitionOutcome], None] | None = None) -> list[RunOutcome]:
    """Sync `partitions` in as few runs as their order allows (one per contiguous range), each in this process."""
    order = registered_partitions(instance)
    outcomes: dict[str, RunOutcome] = {}
    for keys in contiguous_ranges(order, partitions):
        errors: dict[str, str] = {}

        def heard(outcome: PartitionOutcome, keys=keys, errors=errors) -> None:
            if outcome.partition in keys:
                if not outcome.ok:
                    errors[outcome.partition] = str(outcome.error)
                if on_partition is not None:
                    on_partition(outcome)

        with partition_listener(heard):
            result = _execute_range(defs, instance, keys, full)
        landed = materialized_partitions(instance, result.run_id)
        for key in keys:
            error = None if key in landed else errors.get(key) or _run_error(result)
            outcomes[key] = RunOutcome(key, result.run_id, key in landed, landed.get(key, {}), error)
    return [outcomes[p] for p in partitions if p in outcomes]


def run_partition_sync(defs: Definitions, instance: DagsterInstance, partition: str, *, full: bool = False) -> RunOutcome:
    """Run jira_sync_job for one partition."""
    return run_partition_syncs(defs, instance, [partition], full=full)[0]


def _execute_range(defs: Definitions, instance: DagsterInstance, keys: list[str], full: bool):
    tags = {INSTANCE_TAG: instances_of(keys)}
    if full:
        tags[FULL_REFRESH_TAG] = "true"
    if len(keys) > 1:
        start, end = PARTITION_RANGE_TAGS
        tags.update({start: keys[0], end: keys[-1]})
    return defs.resolve_job_def("jira_sync_job").execute_in_process(
        instance=instance, partition_key=keys[0] if len(keys) == 1 else None, tags=tags, run_config=QUIET,
        raise_on_error=False,
    )
