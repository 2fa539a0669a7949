"""`jira_mapping_backfill_job`: re-derive mapped columns from raw, as a Dagster run."""

from typing import Optional

from dagster import Config, OpExecutionContext, Output, in_process_executor, job, op
from pydantic import Field

from jirasync_dagster.resources import FieldMappingResource, WarehouseResource
from jirasync_dagster.sync.rederive import rederive_columns


class BackfillConfig(Config):
    """Launchpad settings of a backfill from raw."""

    columns: Optional[list[str]] = Field(default=None, description="Columns to re-derive; unset: every active mapping.")
    batch_size: int = Field(default=5000, description="Rows per transaction.")


@op(description="Re-derive mapped columns of every jira_issues_v2 row from its raw JSON; JIRA is not called.")
def rederive_mapped_columns(context: OpExecutionContext, config: BackfillConfig, warehouse: WarehouseResource,
                            field_mappings: FieldMappingResource) -> Output[None]:
    """Backfill from raw, reporting rows, speed and conversion failures per column."""
    report = rederive_columns(warehouse.get().engine, field_mappings.store().load_all(), config.columns,
                              batch_size=config.batch_size)
    context.log.info(f"{report.rows} rows re-derived ({report.rows_per_second:,.0f} rows/s), "
                     f"{report.skipped} skipped because a sync rewrote them meanwhile")
    if report.failures:
        context.log.warning(f"{sum(report.failures.values())} values did not convert and were stored as NULL "
                            f"(raw keeps the original): {dict(report.failures)}")
    return Output(None, metadata=report.as_metadata())


@job(description="Re-derive mapped columns from raw (after a mapping change), without calling JIRA.",
     executor_def=in_process_executor)  # one op: a step process would only repeat the imports
def jira_mapping_backfill_job():
    """One op: the backfill from raw."""
    rederive_mapped_columns()
