"""What one project's sync wrote, per table: the row count the UI shows and the sync's own figures."""

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from dagster import AssetKey, MetadataValue

from jirasync_dagster.assets import keys
from jirasync_dagster.sync import SyncReport, split_partition_key
from jirasync_dagster.sync.report import USER_COUNTS, WORKLOG_COUNTS, WORKLOG_REQUESTS
from jirasync_dagster.warehouse.changelog import changelog
from jirasync_dagster.warehouse.project_tables import boards, components, sprint_issues, sprints, versions
from jirasync_dagster.warehouse.schema import comments, issues, links
from jirasync_dagster.warehouse.users import referenced_count
from jirasync_dagster.warehouse.worklog_tables import worklogs

ROW_COUNT = "dagster/row_count"  # the key the Dagster UI shows as the asset's row count


def _live(table: sa.Table) -> Callable[[str, str], sa.Select]:
    """Rows of the project in `table`, soft-deleted ones left out where the table keeps them."""
    def count(instance: str, project: str) -> sa.Select:
        query = sa.select(sa.func.count()).select_from(table).where(
            table.c.instance == instance, table.c.project_key == project)
        return query.where(table.c.deleted_at.is_(None)) if "deleted_at" in table.c else query
    return count


def _of_project_issues(table: sa.Table) -> Callable[[str, str], sa.Select]:
    """Rows of `table` that belong to the project's issues (soft-deleted issues' history included)."""
    def count(instance: str, project: str) -> sa.Select:
        return sa.select(sa.func.count()).select_from(table.join(
            issues, sa.and_(issues.c.instance == table.c.instance, issues.c.issue_id == table.c.issue_id))
        ).where(issues.c.instance == instance, issues.c.project_key == project)
    return count


def _sprints_of_project_boards(instance: str, project: str) -> sa.Select:
    return sa.select(sa.func.count()).select_from(sprints.join(
        boards, sa.and_(boards.c.instance == sprints.c.instance, boards.c.board_id == sprints.c.board_id))
    ).where(boards.c.instance == instance, boards.c.project_key == project, sprints.c.deleted_at.is_(None))


@dataclass(frozen=True)
class MirroredTable:
    """One warehouse table a project's sync writes, as an asset: its key, what it holds, how to count it."""

    key: AssetKey
    description: str
    count: Callable[[str, str], sa.Select]
    figures: tuple[str, ...] | None = ()  # the sync report's figures that belong to this table (None: all)

    def metadata(self, report: dict, rows: int) -> dict:
        """This table's share of a partition's sync report, and its row count."""
        figures = report if self.figures is None else {name: report[name] for name in self.figures}
        return {**figures, ROW_COUNT: MetadataValue.int(rows)}


MIRRORED_TABLES = (
    MirroredTable(keys.ISSUES, "The issues of one JIRA project, mirrored into jira_issues_v2 (incremental, exact).",
                  _live(issues), None),
    MirroredTable(keys.CHANGELOG, "The complete changelogs of one project's issues, in jira_issue_changelog "
                  "(fetched in the same step as the issues that changed).", _of_project_issues(changelog),
                  ("changelog_entries", "changelog_api_calls")),
    MirroredTable(keys.COMMENTS, "The comments of one project's issues, in jira_issue_comments (complete, "
                  "soft-deleted when gone).", _live(comments),
                  ("comments_written", "comments_deleted", "comments_fetched", "comment_api_calls",
                   "comment_body_failures")),
    MirroredTable(keys.LINKS, "The issue links of one project's issues, one row per issue side, in jira_issue_links.",
                  _live(links), ("links_written", "links_deleted")),
    MirroredTable(keys.VERSIONS, "One project's versions (releases), in jira_versions.", _live(versions),
                  ("versions_requests", "versions_rows")),
    MirroredTable(keys.COMPONENTS, "One project's components, in jira_components.", _live(components),
                  ("components_requests", "components_rows")),
    MirroredTable(keys.BOARDS, "The agile boards of one project, in jira_boards.", _live(boards),
                  ("boards_requests", "boards_rows")),
    MirroredTable(keys.SPRINTS, "The sprints of one project's boards, in jira_sprints.", _sprints_of_project_boards,
                  ("sprints_requests", "sprints_rows", "sprint_values_unparsed")),
    MirroredTable(keys.SPRINT_ISSUES, "Which sprints one project's issues are in, in jira_sprint_issues.",
                  _of_project_issues(sprint_issues), ("sprint_issues_rows",)),
    MirroredTable(keys.WORKLOGS, "The worklogs of one project's issues, in jira_worklogs (soft-deleted when gone); "
                  "the figures are the instance's worklog pass that ran with this partition.", _live(worklogs),
                  (*(f"{name}_requests" for name in WORKLOG_REQUESTS), *WORKLOG_COUNTS)),
    MirroredTable(keys.USERS, "The users one project's rows name (assignees, reporters, comment and worklog authors, "
                  "component leads), in jira_users (one row per instance and user).", referenced_count, USER_COUNTS),
)
MIRRORED_KEYS = tuple(table.key for table in MIRRORED_TABLES)


def partition_metadata(engine: sa.Engine, partition: str, report: SyncReport) -> dict[AssetKey, dict]:
    """Each mirrored table's metadata for one synced partition: its figures and its row count."""
    instance, project = split_partition_key(partition)
    figures = report.as_metadata()
    with engine.connect() as conn:
        return {table.key: table.metadata(figures, conn.execute(table.count(instance, project)).scalar_one())
                for table in MIRRORED_TABLES}
