"""Sync run requests (one per contiguous range of partitions), and the partitions whose runs are in flight."""

from dagster import DagsterInstance, DagsterRunStatus, RunRequest, RunsFilter

from jirasync_dagster.partitions import jira_projects_partitions

SYNC_JOB = "jira_sync_job"
PARTITION_TAG = "dagster/partition"
# A run over many partitions (a backfill chunk, `jirasync sync`, a busy tick) names its first and last key.
PARTITION_RANGE_TAGS = ("dagster/asset_partition_range_start", "dagster/asset_partition_range_end")
# dagster.yaml limits concurrent runs per value of this tag: one limit per JIRA instance.
INSTANCE_TAG = "jirasync/instance"
REASON_TAG = "jirasync/trigger"
# Queued runs count too: requesting another run of a partition that waits in the queue only adds work.
IN_FLIGHT = [DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
             DagsterRunStatus.STARTED, DagsterRunStatus.CANCELING]


def registered_partitions(instance: DagsterInstance) -> list[str]:
    """Every partition key registered by discovery, in Dagster's partition order (what ranges follow)."""
    return list(instance.get_dynamic_partitions(jira_projects_partitions.name))


def contiguous_ranges(order: list[str], wanted: list[str], most: int | None = None,
                      split_instances: bool = False) -> list[list[str]]:
    """`wanted` cut into runs of keys adjacent in `order`, each at most `most` long (and of one instance): a run apiece."""
    chosen, ranges, previous = set(wanted), [], None
    for key in order:
        if key in chosen:
            instance = key.split(":", 1)[0]
            if (previous is None or (most and len(ranges[-1]) >= most)
                    or (split_instances and instance != previous.split(":", 1)[0])):
                ranges.append([])
            ranges[-1].append(key)
        previous = key if key in chosen else None
    return ranges


def instances_of(partitions: list[str]) -> str:
    """The `jirasync/instance` value of a run over `partitions`: its instance, or `a+b` across sites."""
    return "+".join(sorted({key.split(":", 1)[0] for key in partitions if ":" in key}))


def sync_requests(partitions: list[str], order: list[str], key_prefix: str, trigger: str,
                  most: int, tags: dict | None = None) -> list[RunRequest]:
    """jira_sync_job runs for `partitions`: one per contiguous range of one instance, at most `most` long, tagged."""
    requests = []
    # One instance per run, so the queue's per-instance limit counts exactly.
    for keys in contiguous_ranges(order, partitions, most, split_instances=True):
        run_tags = {INSTANCE_TAG: instances_of(keys), REASON_TAG: trigger, **(tags or {})}
        if len(keys) == 1:
            requests.append(RunRequest(run_key=f"{key_prefix}:{keys[0]}", partition_key=keys[0], tags=run_tags))
        else:
            start, end = PARTITION_RANGE_TAGS
            requests.append(RunRequest(run_key=f"{key_prefix}:{keys[0]}..{keys[-1]}",
                                       tags={**run_tags, start: keys[0], end: keys[-1]}))
    return requests


def run_partitions(tags: dict, order: list[str]) -> list[str]:
    """The partitions a sync run targets: its partition, or every key of its partition range in `order`."""
    if PARTITION_TAG in tags:
        return [tags[PARTITION_TAG]]
    start, end = (tags.get(tag) for tag in PARTITION_RANGE_TAGS)
    if start not in order or end not in order:
        return [key for key in (start, end) if key]
    return order[order.index(start):order.index(end) + 1]


def in_flight_partitions(instance: DagsterInstance) -> set[str]:
    """Partitions with a sync run queued, starting or started (one run-storage query)."""
    records = instance.get_run_records(RunsFilter(job_name=SYNC_JOB, statuses=IN_FLIGHT))
    order = registered_partitions(instance) if records else []
    return {key for record in records for key in run_partitions(record.dagster_run.tags, order)}
