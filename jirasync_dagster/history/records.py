"""Reading sync runs and their materialization metadata from the Dagster run storage."""

from datetime import datetime, timezone

from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter

from jirasync_dagster.automation.run_requests import (
    PARTITION_TAG,
    REASON_TAG,
    SYNC_JOB,
    registered_partitions,
    run_partitions,
)
from jirasync_dagster.history.sync_run import SUCCESS, SyncRun

ISSUES = "jira_issues"
FINISHED = [DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED]


def _moment(timestamp) -> datetime | None:
    if timestamp is None:
        return None
    if isinstance(timestamp, datetime):
        return timestamp if timestamp.tzinfo else timestamp.replace(tzinfo=timezone.utc)
    return datetime.fromtimestamp(timestamp, timezone.utc)


def _seconds(started: datetime | None, ended: datetime | None, metadata: dict, shared: bool) -> float | None:
    """The partition's own sync time when the run carried others too, else the run's wall clock."""
    if shared or "seconds" in metadata:
        return metadata.get("seconds")
    if started and ended:
        return round((ended - started).total_seconds(), 3)
    return None


def materialized_partitions(instance: DagsterInstance, run_id: str,
                            asset: str | None = ISSUES) -> dict[str | None, dict]:
    """The plain metadata values each partition's materialization of `asset` (None: of any) in the run reported."""
    found: dict[str | None, dict] = {}
    events = instance.get_records_for_run(run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION).records
    for record in events:
        materialization = record.event_log_entry.dagster_event.event_specific_data.materialization
        if asset is not None and materialization.asset_key.to_user_string() != asset:
            continue
        found.setdefault(materialization.partition, {}).update(
            {key: value.value for key, value in materialization.metadata.items()})
    return found


def sync_runs(instance: DagsterInstance, *, limit: int = 20, updated_after: datetime | None = None,
              finished_only: bool = False, oldest_first: bool = False, partition: str | None = None) -> list[SyncRun]:
    """Recent jira_sync_job runs, one entry per partition, newest first unless `oldest_first` (what a cursor needs)."""
    records = instance.get_run_records(
        RunsFilter(job_name=SYNC_JOB, statuses=FINISHED if finished_only else None, updated_after=updated_after,
                   tags={PARTITION_TAG: partition} if partition else None),
        limit=limit, order_by="update_timestamp", ascending=oldest_first,
    )
    runs = []
    order = registered_partitions(instance) if records else []
    for record in records:
        run = record.dagster_run
        partitions = run_partitions(run.tags, order)
        landed = materialized_partitions(instance, run.run_id)
        for key in partitions:
            # A partition that landed in a run that later failed for another partition succeeded.
            status = SUCCESS if len(partitions) > 1 and key in landed else run.status.value
            started, ended = _moment(record.start_time), _moment(record.end_time)
            metadata = landed.get(key, {})
            runs.append(SyncRun(
                run_id=run.run_id, partition=key, status=status, trigger=run.tags.get(REASON_TAG),
                started_at=started, ended_at=ended, seconds=_seconds(started, ended, metadata, len(partitions) > 1),
                metadata=metadata, updated_at=_moment(record.update_timestamp),
            ))
    return runs
