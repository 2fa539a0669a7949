"""Row counts of one project's issues and changelog, the per-partition metadata of a sync."""

import sqlalchemy as sa
from dagster import MetadataValue

from jirasync_dagster.sync import split_partition_key
from jirasync_dagster.warehouse.changelog import changelog
from jirasync_dagster.warehouse.deletions import live_row_count
from jirasync_dagster.warehouse.schema import issues

ROW_COUNT = "dagster/row_count"  # the key the Dagster UI shows as the asset's row count


def changelog_row_count(conn: sa.Connection, instance: str, project_key: str) -> int:
    """Changelog items of the project's issues, soft-deleted ones included (their history is kept)."""
    return conn.execute(
        sa.select(sa.func.count()).select_from(changelog.join(
            issues, sa.and_(issues.c.instance == changelog.c.instance, issues.c.issue_id == changelog.c.issue_id)))
        .where(issues.c.instance == instance, issues.c.project_key == project_key)
    ).scalar_one()


def partition_row_counts(engine: sa.Engine, partition: str) -> tuple[dict, dict]:
    """Metadata for jira_issues (live rows) and jira_issue_changelog (items) of one partition."""
    instance, project = split_partition_key(partition)
    with engine.connect() as conn:
        live = live_row_count(conn, instance, project)
        items = changelog_row_count(conn, instance, project)
    return {ROW_COUNT: MetadataValue.int(live)}, {ROW_COUNT: MetadataValue.int(items)}
