"""The partitioned `jira_issues` multi-asset: projects into jira_issues_v2 and the tables synced with it, checks alike."""

from collections.abc import Iterator
from functools import partial

from dagster import (
    AssetCheckEvaluation,
    AssetExecutionContext,
    AssetMaterialization,
    AssetsDefinition,
    AssetSpec,
    BackfillPolicy,
    Failure,
    MaterializeResult,
    multi_asset,
)

from jirasync_dagster.assets.history import history_materialization
from jirasync_dagster.assets.keys import ISSUES
from jirasync_dagster.assets.partition_run import PartitionResult, PartitionRun
from jirasync_dagster.assets.row_counts import MIRRORED_KEYS, MIRRORED_TABLES
from jirasync_dagster.assets.sync_config import SyncConfig
from jirasync_dagster.automation.limits import per_instance_limit
from jirasync_dagster.automation.settings import partitions_per_run
from jirasync_dagster.checks import issue_check_specs
from jirasync_dagster.partitions import jira_projects_partitions
from jirasync_dagster.resources import resource_key
from jirasync_dagster.sync.many import PartitionOutcome, sync_each


def build_issues_asset(instances: list[str]) -> AssetsDefinition:
    """`jira_issues` and the tables synced with it, syncing partitions of any configured instance, one or many per run."""

    @multi_asset(
        # One step writes them all: the issues' pages carry what the other tables need.
        specs=[AssetSpec(table.key, deps=["jira_projects", "jira_fields"] if table.key == ISSUES else ["jira_projects"],
                         group_name="jira", kinds={"jira", "postgres"}, description=table.description)
               for table in MIRRORED_TABLES],
        check_specs=issue_check_specs(),
        partitions_def=jira_projects_partitions,
        # A backfill carries many projects per run (synced side by side within the per-site
        # limit) instead of paying a process and a code-location load per small project.
        backfill_policy=BackfillPolicy.multi_run(partitions_per_run()),
        required_resource_keys={resource_key(name) for name in instances} | {"warehouse", "field_mappings"},
        pool="jira",
        can_subset=True,  # the checks can run alone, e.g. from the UI
        name="jira_issues",
    )
    def jira_issues(context: AssetExecutionContext, config: SyncConfig) -> Iterator:
        """The issues (changelogs, comments, links, versions, components, boards, sprints) of the run's JIRA
        projects, mirrored into the warehouse (incremental, exact)."""
        run = PartitionRun(context, config)
        try:
            yield from _materialize(context, run)
        finally:
            # Reported once per run, even a failing one: the rows of its partitions are written.
            if run.recorded:
                context.log_event(history_materialization(run.warehouse.engine, len(run.recorded), "the sync run"))

    return jira_issues


def _selected(context: AssetExecutionContext, result: PartitionResult) -> list[tuple]:
    """(asset key, metadata) of the selected assets a synced partition materialized."""
    return [(key, metadata) for key, metadata in result.metadata.items()
            if result.report and key in context.selected_asset_keys]


def _materialize(context: AssetExecutionContext, run: PartitionRun) -> Iterator:
    partitions = list(context.partition_keys)
    if len(partitions) == 1:
        # One partition: Dagster stamps the partition on the results yielded here.
        outcome = sync_each(partitions, 1, run.partition)[0]
        if not outcome.ok:
            raise outcome.error
        checks = outcome.result.checks
        for key, metadata in _selected(context, outcome.result):
            yield MaterializeResult(asset_key=key, metadata=metadata, check_results=checks if key == ISSUES else [])
        if ISSUES not in context.selected_asset_keys or outcome.result.report is None:
            yield from checks
        return
    outcomes = sync_each(partitions, per_instance_limit(context.instance), run.partition,
                         on_outcome=partial(_log_outcome, context))
    if not run.syncing:
        return
    failed = [o for o in outcomes if not o.ok]
    if failed:
        # The projects that synced are materialized now; the run fails for the rest.
        for outcome in outcomes:
            for key, metadata in _selected(context, outcome.result) if outcome.ok else []:
                context.log_event(AssetMaterialization(key, partition=outcome.partition, metadata=metadata))
        raise Failure(
            f"{len(failed)} of {len(outcomes)} projects failed to sync: "
            + "; ".join(f"{o.partition}: {o.error}" for o in failed),
            metadata={"failed_partitions": ", ".join(o.partition for o in failed)},
        )
    for outcome in outcomes:
        for key, metadata in _selected(context, outcome.result):
            context.add_asset_metadata(metadata, asset_key=key, partition_key=outcome.partition)
    for key in MIRRORED_KEYS:
        if key in context.selected_asset_keys:
            yield MaterializeResult(asset_key=key)


def _log_outcome(context: AssetExecutionContext, outcome: PartitionOutcome) -> None:
    """Log a finished partition of a many-partition run, and its check evaluations with their partition."""
    if not outcome.ok:
        context.log.error(f"{outcome.partition}: {outcome.error}")
        return
    report = outcome.result.report
    if report is not None:
        context.log.info(
            f"{outcome.partition}: {report.mode}, {report.fetched} fetched, {report.inserted} inserted, "
            f"{report.updated} updated, {report.deleted} deleted in {report.seconds:.1f}s")
    # A step over many partitions has no single partition key for Dagster to stamp on a
    # yielded result, so each evaluation is logged with its partition.
    for result in outcome.result.checks:
        context.log_event(AssetCheckEvaluation(
            asset_key=ISSUES, check_name=result.check_name, passed=result.passed, metadata=result.metadata,
            severity=result.severity, partition=outcome.partition,
        ))
