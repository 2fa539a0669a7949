"""Checks that run with every jira_issues partition: no duplicate keys, row count matches JIRA."""

import warnings

import sqlalchemy as sa
from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    PreviewWarning,
    asset_check,
)

from jirasync_dagster.assets.instances import jira_resource
from jirasync_dagster.partitions import jira_projects_partitions
from jirasync_dagster.resources import resource_key
from jirasync_dagster.sync import split_partition_key
from jirasync_dagster.sync.jql import project_filter
from jirasync_dagster.warehouse.deletions import live_row_count
from jirasync_dagster.warehouse.schema import issues

# Cloud's approximate-count and issues changed since the sync both move the JIRA side a little.
TOLERANCE_ROWS = 2
TOLERANCE_SHARE = 0.01


def duplicate_keys(conn: sa.Connection, instance: str, limit: int = 10) -> list[tuple[str, int]]:
    """Issue keys held by more than one live row of `instance` (at most `limit`)."""
    return [tuple(row) for row in conn.execute(
        sa.select(issues.c.issue_key, sa.func.count())
        .where(issues.c.instance == instance, issues.c.deleted_at.is_(None))
        .group_by(issues.c.issue_key).having(sa.func.count() > 1)
        .order_by(issues.c.issue_key).limit(limit)
    ).all()]


def build_issue_checks(instances: list[str]) -> list[AssetChecksDefinition]:
    """The partitioned checks of jira_issues for the configured instances."""
    with warnings.catch_warnings():
        # Partitioned checks are a Dagster 1.13 preview; its warning would open every command's output.
        warnings.simplefilter("ignore", PreviewWarning)
        return _build_issue_checks(instances)


def _build_issue_checks(instances: list[str]) -> list[AssetChecksDefinition]:

    @asset_check(asset="jira_issues", partitions_def=jira_projects_partitions, required_resource_keys={"warehouse"},
                 description="No (instance, issue_key) appears twice among live rows.")
    def no_duplicate_issue_keys(context: AssetCheckExecutionContext) -> AssetCheckResult:
        """Fails when two live rows of the partition's instance share an issue key."""
        instance, _ = split_partition_key(context.partition_key)
        with context.resources.warehouse.get().engine.connect() as conn:
            found = duplicate_keys(conn, instance)
        return AssetCheckResult(passed=not found, metadata={
            "instance": instance, "duplicates": len(found), "examples": ", ".join(f"{k} ×{n}" for k, n in found),
        })

    @asset_check(asset="jira_issues", partitions_def=jira_projects_partitions,
                 required_resource_keys={resource_key(name) for name in instances} | {"warehouse"},
                 description="Live rows of the project match JIRA's issue count within a small tolerance.")
    def row_count_matches_jira(context: AssetCheckExecutionContext) -> AssetCheckResult:
        """Compares live rows with `client.count` (approximate on Cloud, exact on Data Center)."""
        instance, project = split_partition_key(context.partition_key)
        with jira_resource(context, instance).client(log=context.log) as client:
            expected = client.count(project_filter(project))
        with context.resources.warehouse.get().engine.connect() as conn:
            rows = live_row_count(conn, instance, project)
        allowed = max(TOLERANCE_ROWS, int(expected * TOLERANCE_SHARE))
        return AssetCheckResult(
            passed=abs(rows - expected) <= allowed, severity=AssetCheckSeverity.WARN,
            metadata={"jira_count": expected, "rows": rows, "difference": rows - expected, "allowed": allowed},
        )

    return [no_duplicate_issue_keys, row_count_matches_jira]
