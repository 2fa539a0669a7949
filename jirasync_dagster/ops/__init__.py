"""Op jobs: work on the warehouse that is not an asset materialization."""

from jirasync_dagster.ops.mapping_backfill import jira_mapping_backfill_job

__all__ = ["jira_mapping_backfill_job"]
