"""A queued run coordinator that tags every sync run with the JIRA instance(s) it reads."""

from dagster import QueuedRunCoordinator, SubmitRunContext

from jirasync_dagster.automation.run_requests import INSTANCE_TAG, PARTITION_RANGE_TAGS, PARTITION_TAG, instances_of


def run_instances(tags: dict) -> str | None:
    """The `jirasync/instance` value of a run: its partition's instance, or those of its range's ends."""
    keys = [tags[PARTITION_TAG]] if PARTITION_TAG in tags else [tags[t] for t in PARTITION_RANGE_TAGS if t in tags]
    # A backfill chunk that spans two sites gets a value of its own; inside the run each site
    # is still limited to the same number of concurrent syncs (sync.many).
    return instances_of(keys) or None


class InstanceTaggingRunCoordinator(QueuedRunCoordinator):
    """QueuedRunCoordinator that adds `jirasync/instance` to runs launched without it (UI backfills)."""

    def submit_run(self, context: SubmitRunContext):
        """Tag the run from its `<instance>:<PROJECT>` partition(s), then queue it as usual."""
        run = context.dagster_run
        instances = run_instances(run.tags)
        if instances and INSTANCE_TAG not in run.tags:
            # The queue's per-tag limits read the run's stored tags, so store the tag first.
            self._instance.add_run_tags(run.run_id, {INSTANCE_TAG: instances})
            context = SubmitRunContext(self._instance.get_run_by_id(run.run_id), context.workspace)
        return super().submit_run(context)
