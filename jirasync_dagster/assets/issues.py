"""The partitioned `jira_issues` asset: one JIRA project synced into jira_issues_v2."""

from typing import Optional

from dagster import AssetExecutionContext, AssetsDefinition, Config, MaterializeResult, asset
from pydantic import Field

from jirasync_dagster.assets.instances import jira_resource
from jirasync_dagster.automation.freshness import sync_freshness_policy
from jirasync_dagster.mapping import IssueConverter
from jirasync_dagster.partitions import jira_projects_partitions
from jirasync_dagster.resources import FieldMappingResource, WarehouseResource, resource_key
from jirasync_dagster.sync import SyncOptions, split_partition_key, sync_partition

FULL_REFRESH_TAG = "jirasync/full_refresh"
RECONCILE_TAG = "jirasync/reconcile"


class SyncConfig(Config):
    """Launchpad settings of one partition sync."""

    full_refresh: bool = Field(default=False, description="Ignore the watermark and re-read the project.")
    lookback_days: Optional[float] = Field(default=None, description="Only read issues updated in the last N days when there is no watermark (or on full refresh).")
    overlap_minutes: float = Field(default=5.0, description="Re-read this much before the watermark (JQL minute precision, index lag).")
    batch_size: int = Field(default=2000, description="Rows per merge transaction.")
    reconcile: Optional[bool] = Field(default=None, description="Force (true) or skip (false) deletion reconciliation; unset: by cadence.")
    reconcile_every_hours: float = Field(default=6.0, description="How often deletion reconciliation runs per partition.")
    lock_wait_seconds: float = Field(default=0.0, description="How long to wait when another run syncs this partition.")
    parallel_slices: int = Field(default=4, description="Disjoint id ranges paged concurrently on a full read.")
    changelogs: bool = Field(default=True, description="Store complete changelogs of changed issues and derive transition columns.")
    conversion_process: Optional[bool] = Field(default=None, description="Convert the pages of a long full read in a worker process; unset: only on machines with 4 or more CPUs.")

    def options(self, tags: dict) -> SyncOptions:
        """Sync options from this config, with the run tags taking precedence."""
        return SyncOptions(
            full_refresh=self.full_refresh or tags.get(FULL_REFRESH_TAG, "").lower() == "true",
            lookback_days=self.lookback_days,
            overlap_minutes=self.overlap_minutes,
            batch_size=self.batch_size,
            reconcile=True if tags.get(RECONCILE_TAG, "").lower() == "true" else self.reconcile,
            reconcile_every_hours=self.reconcile_every_hours,
            lock_wait_seconds=self.lock_wait_seconds,
            parallel_slices=self.parallel_slices,
            changelogs=self.changelogs,
            conversion_process=self.conversion_process,
        )


def build_issues_asset(instances: list[str]) -> AssetsDefinition:
    """`jira_issues`, able to sync a partition of any configured instance."""

    @asset(
        partitions_def=jira_projects_partitions,
        required_resource_keys={resource_key(name) for name in instances} | {"warehouse", "field_mappings"},
        deps=["jira_projects", "jira_fields"],
        group_name="jira",
        kinds={"jira", "postgres"},
        pool="jira",
        freshness_policy=sync_freshness_policy(),
    )
    def jira_issues(context: AssetExecutionContext, config: SyncConfig) -> MaterializeResult:
        """The issues of one JIRA project, mirrored into jira_issues_v2 (incremental, exact)."""
        instance, _ = split_partition_key(context.partition_key)
        warehouse: WarehouseResource = context.resources.warehouse
        field_mappings: FieldMappingResource = context.resources.field_mappings
        mappings = field_mappings.active()
        with jira_resource(context, instance).client(log=context.log) as client:
            report = sync_partition(
                client, warehouse.get(), IssueConverter(mappings, instance), context.partition_key,
                config.options(context.run.tags), log=context.log,
            )
        failures = report.conversion_failures
        if failures:
            context.log.warning(
                f"{sum(failures.values())} values did not convert and were stored as NULL "
                f"(raw keeps the original): {dict(failures)}"
            )
        return MaterializeResult(metadata=report.as_metadata())

    return jira_issues
