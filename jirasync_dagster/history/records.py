"""Reading sync runs and their materialization metadata from the Dagster run storage."""

from dataclasses import dataclass, field
from datetime import datetime, timezone

from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter

from jirasync_dagster.automation.run_requests import (
    PARTITION_TAG,
    REASON_TAG,
    SYNC_JOB,
    registered_partitions,
    run_partitions,
)

FINISHED = [DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED]


@dataclass
class SyncRun:
    """One partition of a jira_sync_job run: outcome, timing and what the sync reported."""

    run_id: str
    partition: str | None
    status: str
    trigger: str | None
    started_at: datetime | None
    ended_at: datetime | None
    updated_at: datetime
    metadata: dict = field(default_factory=dict)

    shared_run: bool = False  # the run carried other partitions too

    @property
    def seconds(self) -> float | None:
        """Wall-clock duration of this partition's sync (of the run, when it carried only this one)."""
        if self.shared_run:
            return self.metadata.get("seconds")
        if self.started_at and self.ended_at:
            return round((self.ended_at - self.started_at).total_seconds(), 3)
        return None


def _moment(timestamp) -> datetime | None:
    if timestamp is None:
        return None
    if isinstance(timestamp, datetime):
        return timestamp if timestamp.tzinfo else timestamp.replace(tzinfo=timezone.utc)
    return datetime.fromtimestamp(timestamp, timezone.utc)


def materialized_partitions(instance: DagsterInstance, run_id: str) -> dict[str | None, dict]:
    """The plain metadata values each partition's materialization in the run reported."""
    found: dict[str | None, dict] = {}
    events = instance.get_records_for_run(run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION).records
    for record in events:
        materialization = record.event_log_entry.dagster_event.event_specific_data.materialization
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
            status = "SUCCESS" if len(partitions) > 1 and key in landed else run.status.value
            runs.append(SyncRun(
                run_id=run.run_id, partition=key, status=status,
                trigger=run.tags.get(REASON_TAG), started_at=_moment(record.start_time),
                ended_at=_moment(record.end_time), updated_at=_moment(record.update_timestamp),
                metadata=landed.get(key, {}), shared_run=len(partitions) > 1,
            ))
    return runs
