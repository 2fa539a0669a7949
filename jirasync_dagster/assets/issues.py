"""The partitioned `jira_issues` asset: JIRA projects synced into jira_issues_v2, checks in the same step."""

from collections.abc import Iterator

from dagster import (
    AssetCheckEvaluation,
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
        syncing = ISSUES in context.selected_asset_keys
        checks = {key.name for key in context.selected_asset_check_keys}
        run = PartitionRun(context, config, checks)
        if len(partitions) == 1:
            if not syncing:
                yield from run.checks(partitions[0])
                return
            outcome = sync_each(partitions, 1, run.sync)[0]
            if not outcome.ok:
                raise outcome.error
            yield MaterializeResult(asset_key=ISSUES, metadata=outcome.result.as_metadata(),
                                    check_results=run.checks(partitions[0]))
            return
        outcomes = sync_each(partitions, per_instance_limit(context.instance), run.sync_and_check if syncing
                             else run.checks_only, on_outcome=run.log_outcome)
        failed = [o for o in outcomes if not o.ok]
        if not syncing:
            return
        if failed:
            # The projects that synced are materialized now; the run fails for the rest.
            for outcome in outcomes:
                if outcome.ok:
                    context.log_event(AssetMaterialization(ISSUES, partition=outcome.partition,
                                                           metadata=outcome.result.as_metadata()))
            raise Failure(
                f"{len(failed)} of {len(outcomes)} projects failed to sync: "
                + "; ".join(f"{o.partition}: {o.error}" for o in failed),
                metadata={"failed_partitions": ", ".join(o.partition for o in failed)},
            )
        for outcome in outcomes:
            context.add_asset_metadata(outcome.result.as_metadata(), asset_key=ISSUES, partition_key=outcome.partition)
        yield MaterializeResult(asset_key=ISSUES)

    return jira_issues


class PartitionRun:
    """What one jira_issues step does for each of its partitions: sync, then evaluate the checks."""

    def __init__(self, context: AssetExecutionContext, config: SyncConfig, checks: set[str]):
        self.context, self.config, self.selected_checks = context, config, checks
        self.options = config.options(context.run.tags)
        self.warehouse = context.resources.warehouse.get()
        self.mappings = context.resources.field_mappings.active()

    def sync(self, partition: str) -> SyncReport:
        """Sync one partition and warn about values that did not convert."""
        instance, _ = split_partition_key(partition)
        with jira_resource(self.context, instance).client(log=self.context.log) as client:
            report = sync_partition(client, self.warehouse, IssueConverter(self.mappings, instance), partition,
                                    self.options, log=self.context.log)
        failures = report.conversion_failures
        if failures:
            self.context.log.warning(
                f"{partition}: {sum(failures.values())} values did not convert and were stored as NULL "
                f"(raw keeps the original): {dict(failures)}"
            )
        return report

    def checks(self, partition: str) -> list:
        """The selected checks' results for one partition."""
        if not self.selected_checks:
            return []
        instance, _ = split_partition_key(partition)
        try:
            with jira_resource(self.context, instance).client(log=self.context.log) as client:
                return evaluate_issue_checks(client, self.warehouse.engine, partition, self.selected_checks)
        except JiraError as exc:
            # The sync landed; a check that cannot ask JIRA now is left unevaluated, not failed.
            self.context.log.warning(f"{partition}: checks not evaluated: {exc}")
            return []

    def checks_only(self, partition: str) -> None:
        """Evaluate and record the checks of one partition of a many-partition run."""
        self._record_checks(partition)

    def sync_and_check(self, partition: str) -> SyncReport:
        """Sync one partition of a many-partition run, then record its checks."""
        report = self.sync(partition)
        self._record_checks(partition)
        return report

    def _record_checks(self, partition: str) -> None:
        # A step over many partitions has no single partition key for Dagster to stamp on a
        # yielded result, so each partition's evaluation is logged with its partition.
        for result in self.checks(partition):
            self.context.log_event(AssetCheckEvaluation(
                asset_key=ISSUES, check_name=result.check_name, passed=result.passed, metadata=result.metadata,
                severity=result.severity, partition=partition,
            ))

    def log_outcome(self, outcome: PartitionOutcome) -> None:
        """One log line per finished partition of a many-partition run."""
        if outcome.ok:
            report = outcome.result
            summary = (f"{report.mode}, {report.fetched} fetched, {report.inserted} inserted, {report.updated} updated, "
                       f"{report.deleted} deleted in {report.seconds:.1f}s") if report else "checks evaluated"
            self.context.log.info(f"{outcome.partition}: {summary}")
        else:
            self.context.log.error(f"{outcome.partition}: {outcome.error}")
