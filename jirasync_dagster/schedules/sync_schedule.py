"""`jira_sync_schedule`: every N minutes, one run per active partition not already syncing."""

from dagster import ScheduleDefinition, ScheduleEvaluationContext, SkipReason, schedule

from jirasync_dagster.automation.partitions import syncable_partitions
from jirasync_dagster.automation.run_requests import in_flight_partitions, sync_request
from jirasync_dagster.automation.settings import default_schedule_status, schedule_minutes
from jirasync_dagster.jobs import jira_sync_job


def build_sync_schedule() -> ScheduleDefinition:
    """The schedule, with its interval and default status read from the environment."""
    minutes = schedule_minutes()

    @schedule(
        name="jira_sync_schedule",
        cron_schedule=f"*/{minutes} * * * *",
        job=jira_sync_job,
        default_status=default_schedule_status(),
        required_resource_keys={"warehouse"},
        description=f"Sync every active JIRA project every {minutes} minutes (JIRASYNC_SCHEDULE_MINUTES).",
    )
    def jira_sync_schedule(context: ScheduleEvaluationContext):
        """A run request per active partition, skipping those whose previous run is still in flight."""
        partitions = syncable_partitions(context.instance, context.resources.warehouse.get().engine)
        busy = in_flight_partitions(context.instance)
        tick = context.scheduled_execution_time.isoformat()
        requests = [sync_request(p, f"schedule:{tick}:{p}", "schedule") for p in partitions if p not in busy]
        if not requests:
            return SkipReason(f"nothing to sync: {len(partitions)} active partitions, {len(busy)} still running")
        context.log.info(f"{len(requests)} partitions requested, {len(partitions) - len(requests)} still in flight")
        return requests

    return jira_sync_schedule
