"""Runs queued without the instance tag (UI backfills) get it from their partition."""

from dagster import DagsterInstance, DagsterRun, SubmitRunContext
from dagster._core.remote_origin import (
    GrpcServerCodeLocationOrigin,
    RemoteJobOrigin,
    RemoteRepositoryOrigin,
)

from jirasync_dagster.automation.run_requests import INSTANCE_TAG

# Queued runs must say where their code lives; the coordinator never contacts it here.
ORIGIN = RemoteJobOrigin(RemoteRepositoryOrigin(
    GrpcServerCodeLocationOrigin(host="localhost", port=4000, location_name="jirasync_dagster"), "__repository__"),
    "jira_sync_job")


def queued_run(instance: DagsterInstance, tags: dict) -> DagsterRun:
    run = instance.add_run(DagsterRun(job_name="jira_sync_job", tags=tags, remote_job_origin=ORIGIN))
    return instance.run_coordinator.submit_run(SubmitRunContext(run, workspace=None))


def test_partition_runs_are_tagged_with_their_instance(tmp_path):
    overrides = {"run_coordinator": {"module": "jirasync_dagster.automation.run_coordinator",
                                     "class": "InstanceTaggingRunCoordinator"}}
    with DagsterInstance.local_temp(str(tmp_path), overrides=overrides) as instance:
        backfilled = queued_run(instance, {"dagster/partition": "instance_2:WEB", "dagster/backfill": "abc"})
        assert backfilled.tags[INSTANCE_TAG] == "instance_2"
        assert instance.get_run_by_id(backfilled.run_id).status.value == "QUEUED"
        tagged = queued_run(instance, {"dagster/partition": "instance_1:ENG", INSTANCE_TAG: "instance_1"})
        assert tagged.tags[INSTANCE_TAG] == "instance_1"
        assert INSTANCE_TAG not in queued_run(instance, {}).tags
        start, end = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"
        chunk = queued_run(instance, {start: "instance_1:ENG", end: "instance_1:SUP", "dagster/backfill": "abc"})
        assert chunk.tags[INSTANCE_TAG] == "instance_1"
        spanning = queued_run(instance, {start: "instance_1:SUP", end: "instance_2:DATA", "dagster/backfill": "abc"})
        assert spanning.tags[INSTANCE_TAG] == "instance_1+instance_2"
