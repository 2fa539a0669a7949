"""`jira_sync_schedule`: the slow safety net, runs only for projects behind JIRA and reconciliations due."""

from dagster import ScheduleDefinition, ScheduleEvaluationContext, SkipReason, schedule

from jirasync_dagster.automation.clients import configured_resources
from jirasync_dagster.automation.partitions import syncable_partitions
from jirasync_dagster.automation.run_requests import in_flight_partitions, registered_partitions, sync_requests
from jirasync_dagster.automation.safety_net import TickPolicy, plan_tick
from jirasync_dagster.automation.settings import (
    default_schedule_status,
    partitions_per_run,
    reconcile_hours,
    schedule_minutes,
    sensor_grace_seconds,
)
from jirasync_dagster.jobs import jira_sync_job
from jirasync_dagster.resources import resource_key

RECONCILE_TAGS = {"jirasync/reconcile": "true"}


def build_sync_schedule(instances: list[str]) -> ScheduleDefinition:
    """The schedule, with its interval and default status read from the environment."""
    minutes = schedule_minutes()
    policy = TickPolicy(sensor_grace_seconds=sensor_grace_seconds(), reconcile_every_hours=reconcile_hours(),
                        interval_minutes=minutes)

    @schedule(
        name="jira_sync_schedule",
        cron_schedule=f"*/{minutes} * * * *",
        job=jira_sync_job,
        default_status=default_schedule_status(),
        required_resource_keys={resource_key(name) for name in instances} | {"warehouse"},
        description=(f"Every {minutes} minutes (JIRASYNC_SCHEDULE_MINUTES): one search per JIRA instance from each "
                     "project's watermark; runs only for projects behind JIRA, first syncs and due reconciliations."),
    )
    def jira_sync_schedule(context: ScheduleEvaluationContext):
        """Run requests for the partitions behind JIRA, never synced, or due a reconciliation; none for the rest."""
        engine = context.resources.warehouse.get().engine
        syncable = syncable_partitions(context.instance, engine)
        busy = in_flight_partitions(context.instance)
        plan = plan_tick(configured_resources(context.resources, instances), engine, syncable, busy, policy,
                         log=context.log)
        for name, reason in plan.unreachable.items():
            context.log.warning(f"{name} skipped this tick: {reason}")
        order, tick = registered_partitions(context.instance), context.scheduled_execution_time.isoformat()
        most = partitions_per_run()
        requests = [
            *sync_requests(sorted(set(plan.behind) | set(plan.first)), order, f"schedule:{tick}", "schedule", most),
            *sync_requests(plan.reconcile, order, f"reconcile:{tick}", "reconcile", most, RECONCILE_TAGS),
        ]
        summary = (f"{len(syncable)} active partitions: {len(plan.behind)} behind JIRA, {len(plan.first)} never synced, "
                   f"{len(plan.reconcile)} due a reconciliation, {plan.checked} confirmed up to date, {len(busy)} in flight")
        if not requests:
            return SkipReason(f"nothing to sync; {summary}")
        context.log.info(f"{len(requests)} runs requested; {summary}")
        return requests

    return jira_sync_schedule
