"""What one jira_issues step does for each of its partitions: sync, evaluate the checks, record the history row."""

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import sqlalchemy as sa
from dagster import AssetCheckResult, AssetExecutionContext, AssetKey

from jirasync_dagster.assets.instances import jira_resource
from jirasync_dagster.assets.row_counts import MIRRORED_KEYS, partition_metadata
from jirasync_dagster.assets.sync_config import SyncConfig
from jirasync_dagster.automation.run_requests import REASON_TAG
from jirasync_dagster.checks import evaluate_issue_checks
from jirasync_dagster.history import FAILURE, SUCCESS, SyncRun, record_syncs
from jirasync_dagster.jira import JiraError
from jirasync_dagster.mapping import IssueConverter
from jirasync_dagster.sync import SyncReport, split_partition_key, sync_partition


@dataclass
class PartitionResult:
    """One partition's sync report (None when only checks ran), check results and each table's metadata."""

    report: SyncReport | None
    checks: list[AssetCheckResult]
    metadata: dict[AssetKey, dict] = field(default_factory=dict)


class PartitionRun:
    """The sync of each partition of one jira_issues step, sharing the step's resources."""

    def __init__(self, context: AssetExecutionContext, config: SyncConfig):
        self.context = context
        # The step writes all its tables together, whichever of them is selected.
        self.syncing = bool(set(MIRRORED_KEYS) & context.selected_asset_keys)
        self.selected_checks = {key.name for key in context.selected_asset_check_keys}
        self.options = config.options(context.run.tags)
        self.warehouse = context.resources.warehouse.get()
        self.mappings = context.resources.field_mappings.active() if self.syncing else []
        self.recorded: list[str] = []  # partitions whose history row is written (appended from worker threads)

    def partition(self, partition: str) -> PartitionResult:
        """Sync one partition, evaluate its selected checks with the same client, and record its history row."""
        instance, _ = split_partition_key(partition)
        started, clock = datetime.now(timezone.utc), time.monotonic()
        try:
            with jira_resource(self.context, instance).client(log=self.context.log) as client:
                report = self._sync(client, partition) if self.syncing else None
                result = PartitionResult(report, self._checks(client, partition, report))
            if report is not None:
                result.metadata = partition_metadata(self.warehouse.engine, partition, report)
        except Exception as exc:
            self._record(partition, FAILURE, started, time.monotonic() - clock, {"error": str(exc)})
            raise
        if report is not None:
            self._record(partition, SUCCESS, started, report.seconds, report.as_metadata())
        return result

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

    def _record(self, partition: str, status: str, started: datetime, seconds: float, metadata: dict) -> None:
        if not self.syncing:
            return
        run = self.context.run
        row = SyncRun(run.run_id, partition, status, run.tags.get(REASON_TAG), started, datetime.now(timezone.utc),
                      round(seconds, 3), metadata)
        try:
            record_syncs(self.warehouse.engine, [row])
        except sa.exc.SQLAlchemyError as exc:
            # The sync's own outcome stands; the history sensor copies the row from the run storage later.
            self.context.log.warning(f"{partition}: history row not recorded ({exc}); the history sensor fills it in")
            return
        self.recorded.append(partition)
