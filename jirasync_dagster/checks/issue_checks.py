"""Checks evaluated with every jira_issues partition, inside its own step: no duplicate keys, row count matches JIRA."""

import warnings

import sqlalchemy as sa
from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, PreviewWarning

from jirasync_dagster.jira import JiraClient
from jirasync_dagster.partitions import jira_projects_partitions
from jirasync_dagster.sync import split_partition_key
from jirasync_dagster.sync.jql import project_filter
from jirasync_dagster.warehouse.deletions import live_row_count
from jirasync_dagster.warehouse.schema import issues

ASSET = "jira_issues"
NO_DUPLICATES = "no_duplicate_issue_keys"
ROW_COUNT = "row_count_matches_jira"
# Cloud's approximate-count and issues changed since the sync both move the JIRA side a little.
TOLERANCE_ROWS = 2
TOLERANCE_SHARE = 0.01


def issue_check_specs() -> list[AssetCheckSpec]:
    """The partitioned checks of jira_issues, declared on the asset so they run in its step."""
    with warnings.catch_warnings():
        # Partitioned checks are a Dagster 1.13 preview; its warning would open every command's output.
        warnings.simplefilter("ignore", PreviewWarning)
        return [
            AssetCheckSpec(NO_DUPLICATES, asset=ASSET, partitions_def=jira_projects_partitions,
                           description="No (instance, issue_key) appears twice among live rows."),
            AssetCheckSpec(ROW_COUNT, asset=ASSET, partitions_def=jira_projects_partitions,
                           description="Live rows of the project match JIRA's issue count within a small tolerance."),
        ]


def duplicate_keys(conn: sa.Connection, instance: str, limit: int = 10) -> list[tuple[str, int]]:
    """Issue keys held by more than one live row of `instance` (at most `limit`)."""
    return [tuple(row) for row in conn.execute(
        sa.select(issues.c.issue_key, sa.func.count())
        .where(issues.c.instance == instance, issues.c.deleted_at.is_(None))
        .group_by(issues.c.issue_key).having(sa.func.count() > 1)
        .order_by(issues.c.issue_key).limit(limit)
    ).all()]


def evaluate_issue_checks(client: JiraClient, engine: sa.Engine, partition: str, selected: set[str],
                          jira_count: int | None = None) -> list[AssetCheckResult]:
    """The results of the `selected` checks for one partition.

    JIRA's count is `jira_count` when the sync just listed every issue of the project (a
    reconciliation: exact, and no request); otherwise it costs one count request.
    """
    instance, project = split_partition_key(partition)
    results = []
    with engine.connect() as conn:
        if NO_DUPLICATES in selected:
            found = duplicate_keys(conn, instance)
            results.append(AssetCheckResult(asset_key=ASSET, check_name=NO_DUPLICATES, passed=not found, metadata={
                "instance": instance, "duplicates": len(found), "examples": ", ".join(f"{k} ×{n}" for k, n in found),
            }))
        if ROW_COUNT in selected:
            counted_by = "sync listing" if jira_count is not None else "count request"
            expected = jira_count if jira_count is not None else client.count(project_filter(project))
            rows = live_row_count(conn, instance, project)
            allowed = max(TOLERANCE_ROWS, int(expected * TOLERANCE_SHARE))
            results.append(AssetCheckResult(
                asset_key=ASSET, check_name=ROW_COUNT, passed=abs(rows - expected) <= allowed, severity=AssetCheckSeverity.WARN,
                metadata={"jira_count": expected, "rows": rows, "difference": rows - expected, "allowed": allowed,
                          "jira_count_from": counted_by},
            ))
    return results
