"""Sync run requests with the per-instance tag, and the partitions whose runs are still in flight."""

from dagster import DagsterInstance, DagsterRunStatus, RunRequest, RunsFilter

from jirasync_dagster.sync import split_partition_key

SYNC_JOB = "jira_sync_job"
PARTITION_TAG = "dagster/partition"
# A run over many partitions (a backfill chunk, `jirasync sync`) names its first and last key.
PARTITION_RANGE_TAGS = ("dagster/asset_partition_range_start", "dagster/asset_partition_range_end")
# dagster.yaml limits concurrent runs per value of this tag: one limit per JIRA instance.
INSTANCE_TAG = "jirasync/instance"
REASON_TAG = "jirasync/trigger"
# Queued runs count too: requesting another run of a partition that waits in the queue only adds work.
IN_FLIGHT = [DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
             DagsterRunStatus.STARTED, DagsterRunStatus.CANCELING]


def sync_request(partition: str, run_key: str, trigger: str) -> RunRequest:
    """A jira_sync_job run of `partition`, tagged with its instance and what triggered it."""
    instance, _ = split_partition_key(partition)
    return RunRequest(
        run_key=run_key, partition_key=partition, tags={INSTANCE_TAG: instance, REASON_TAG: trigger},
    )


def in_flight_partitions(instance: DagsterInstance) -> set[str]:
    """Partitions with a sync run queued, starting or started (one run-storage query)."""
    records = instance.get_run_records(
        RunsFilter(job_name=SYNC_JOB, statuses=IN_FLIGHT)
    )
    return {r.dagster_run.tags[PARTITION_TAG] for r in records if PARTITION_TAG in r.dagster_run.tags}
