"""The partitioned `jira_issues` asset: JIRA projects synced into jira_issues_v2, checks in the same step."""

from collections.abc import Iterator

from dagster import (
    AssetCheckEvaluation,
    AssetCheckResult,
    AssetExecutionContext,
    AssetKey,
    AssetMaterialization,
    AssetsDefinition,
    AssetSpec,
    BackfillPolicy,
    Failure,
    MaterializeResult,
    multi_asset,
)

from jirasync_dagster.assets.instances import jira_resource
from jirasync_dagster.assets.sync_config import SyncConfig
from jirasync_dagster.automation.limits import per_instance_limit
from jirasync_dagster.automation.settings import partitions_per_run
from jirasync_dagster.checks import evaluate_issue_checks, issue_check_specs
from jirasync_dagster.jira import JiraError
from jirasync_dagster.mapping import IssueConverter
from jirasync_dagster.partitions import jira_projects_partitions
from jirasync_dagster.resources import resource_key
from jirasync_dagster.sync import SyncReport, split_partition_key, sync_partition
from jirasync_dagster.sync.many import PartitionOutcome, sync_each

ISSUES = AssetKey("jira_issues")


def build_issues_asset(instances: list[str]) -> AssetsDefinition:
    """`jira_issues`, able to sync partitions of any configured instance, one or many per run."""

    @multi_asset(
        specs=[AssetSpec(
            ISSUES, deps=["jira_projects", "jira_fields"], group_name="jira", kinds={"jira", "postgres"},
            description="The issues of one JIRA project, mirrored into jira_issues_v2 (incremental, exact).",
        )],
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
        """The issues of the run's JIRA projects, mirrored into jira_issues_v2 (incremental, exact)."""
        partitions = list(context.partition_keys)
        run = PartitionRun(context, config)
        if len(partitions) == 1:
            # One partition: Dagster stamps the partition on the results yielded here.
            outcome = sync_each(partitions, 1, run.partition)[0]
            if not outcome.ok:
                raise outcome.error
            report, results = outcome.result
            if report is None:
                yield from results
            else:
                yield MaterializeResult(asset_key=ISSUES, metadata=report.as_metadata(), check_results=results)
            return
        outcomes = sync_each(partitions, per_instance_limit(context.instance), run.partition, on_outcome=run.record)
        if not run.syncing:
            return
        failed = [o for o in outcomes if not o.ok]
        if failed:
            # The projects that synced are materialized now; the run fails for the rest.
            for outcome in outcomes:
                if outcome.ok:
                    context.log_event(AssetMaterialization(ISSUES, partition=outcome.partition,
                                                           metadata=outcome.result[0].as_metadata()))
            raise Failure(
                f"{len(failed)} of {len(outcomes)} projects failed to sync: "
                + "; ".join(f"{o.partition}: {o.error}" for o in failed),
                metadata={"failed_partitions": ", ".join(o.partition for o in failed)},
            )
        for outcome in outcomes:
            context.add_asset_metadata(outcome.result[0].as_metadata(), asset_key=ISSUES, partition_key=outcome.partition)
        yield MaterializeResult(asset_key=ISSUES)

    return jira_issues


class PartitionRun:
    """What one jira_issues step does for each of its partitions: sync, then evaluate the checks."""

    def __init__(self, context: AssetExecutionContext, config: SyncConfig):
        self.context = context
        self.syncing = ISSUES in context.selected_asset_keys
        self.selected_checks = {key.name for key in context.selected_asset_check_keys}
        self.options = config.options(context.run.tags)
        self.warehouse = context.resources.warehouse.get()
        self.mappings = context.resources.field_mappings.active() if self.syncing else []

    def partition(self, partition: str) -> tuple[SyncReport | None, list[AssetCheckResult]]:
        """Sync one partition (when the asset is selected), then evaluate its selected checks, with one client."""
        instance, _ = split_partition_key(partition)
        with jira_resource(self.context, instance).client(log=self.context.log) as client:
            report = self._sync(client, partition) if self.syncing else None
            return report, self._checks(client, partition, report)

    def _sync(self, client, partition: str) -> SyncReport:
        instance, _ = split_partition_key(partition)
        report = sync_partition(client, self.warehouse, IssueConverter(self.mappings, instance), partition,
                                self.options, log=self.context.log)
        failures = report.conversion_failures
        if failures:
            self.context.log.warning(
                f"{partition}: {sum(failures.values())} values did not convert and were stored as NULL "
                f"(raw keeps the original): {dict(failures)}"
            )
        return report

    def _checks(self, client, partition: str, report: SyncReport | None) -> list[AssetCheckResult]:
        if not self.selected_checks:
            return []
        try:
            return evaluate_issue_checks(client, self.warehouse.engine, partition, self.selected_checks,
                                         jira_count=report.jira_count if report else None)
        except JiraError as exc:
            # The sync landed; a check that cannot ask JIRA now is left unevaluated, not failed.
            self.context.log.warning(f"{partition}: checks not evaluated: {exc}")
            return []

    def record(self, outcome: PartitionOutcome) -> None:
        """Log a finished partition of a many-partition run, and its check evaluations with their partition."""
        if not outcome.ok:
            self.context.log.error(f"{outcome.partition}: {outcome.error}")
            return
        report, results = outcome.result
        if report is not None:
            self.context.log.info(
                f"{outcome.partition}: {report.mode}, {report.fetched} fetched, {report.inserted} inserted, "
                f"{report.updated} updated, {report.deleted} deleted in {report.seconds:.1f}s")
        # A step over many partitions has no single partition key for Dagster to stamp on a
        # yielded result, so each evaluation is logged with its partition.
        for result in results:
            self.context.log_event(AssetCheckEvaluation(
                asset_key=ISSUES, check_name=result.check_name, passed=result.passed, metadata=result.metadata,
                severity=result.severity, partition=outcome.partition,
            ))
