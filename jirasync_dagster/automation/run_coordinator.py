"""A queued run coordinator that tags every partition run with its JIRA instance."""

from dagster import QueuedRunCoordinator, SubmitRunContext

from jirasync_dagster.automation.run_requests import INSTANCE_TAG

PARTITION_TAG = "dagster/partition"


class InstanceTaggingRunCoordinator(QueuedRunCoordinator):
    """QueuedRunCoordinator that adds `jirasync/instance` to runs launched without it (UI backfills)."""

    def submit_run(self, context: SubmitRunContext):
        """Tag the run from its `<instance>:<PROJECT>` partition, then queue it as usual."""
        run = context.dagster_run
        partition = run.tags.get(PARTITION_TAG, "")
        if ":" in partition and INSTANCE_TAG not in run.tags:
            # The queue's per-tag limits read the run's stored tags, so store the tag first.
            self._instance.add_run_tags(run.run_id, {INSTANCE_TAG: partition.split(":", 1)[0]})
            context = SubmitRunContext(self._instance.get_run_by_id(run.run_id), context.workspace)
        return super().submit_run(context)
