"""Reading sync runs and their materialization metadata from the Dagster run storage."""

from dataclasses import dataclass, field
from datetime import datetime, timezone

from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter

from jirasync_dagster.automation.run_requests import PARTITION_TAG, REASON_TAG, SYNC_JOB

FINISHED = [DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED]


@dataclass
class SyncRun:
    """One jira_sync_job run: partition, outcome, timing and what the sync reported."""

    run_id: str
    partition: str | None
    status: str
    trigger: str | None
    started_at: datetime | None
    ended_at: datetime | None
    updated_at: datetime
    metadata: dict = field(default_factory=dict)

    @property
    def seconds(self) -> float | None:
        """Wall-clock duration of the run, once it has ended."""
        if self.started_at and self.ended_at:
            return round((self.ended_at - self.started_at).total_seconds(), 3)
        return None


def _moment(timestamp) -> datetime | None:
    if timestamp is None:
        return None
    if isinstance(timestamp, datetime):
        return timestamp if timestamp.tzinfo else timestamp.replace(tzinfo=timezone.utc)
    return datetime.fromtimestamp(timestamp, timezone.utc)


def materialization_metadata(instance: DagsterInstance, run_id: str) -> dict:
    """The plain values of the metadata the run's materializations reported."""
    found: dict = {}
    events = instance.get_records_for_run(run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION).records
    for record in events:
        materialization = record.event_log_entry.dagster_event.event_specific_data.materialization
        found.update({key: value.value for key, value in materialization.metadata.items()})
    return found


def sync_runs(instance: DagsterInstance, *, limit: int = 20, updated_after: datetime | None = None,
              finished_only: bool = False, oldest_first: bool = False, partition: str | None = None) -> list[SyncRun]:
    """Recent jira_sync_job runs, newest first unless `oldest_first` (what a cursor needs)."""
    records = instance.get_run_records(
        RunsFilter(job_name=SYNC_JOB, statuses=FINISHED if finished_only else None, updated_after=updated_after,
                   tags={PARTITION_TAG: partition} if partition else None),
        limit=limit, order_by="update_timestamp", ascending=oldest_first,
    )
    runs = []
    for record in records:
        run = record.dagster_run
        runs.append(SyncRun(
            run_id=run.run_id, partition=run.tags.get(PARTITION_TAG), status=run.status.value,
            trigger=run.tags.get(REASON_TAG), started_at=_moment(record.start_time),
            ended_at=_moment(record.end_time), updated_at=_moment(record.update_timestamp),
            metadata=materialization_metadata(instance, run.run_id),
        ))
    return runs
