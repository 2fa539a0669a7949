"""One issue's comments, links, sprints and changelog: how many JIRA holds beside how many the warehouse has."""

from dataclasses import dataclass

import sqlalchemy as sa

from jirasync_dagster.mapping.sprint_values import sprint_id
from jirasync_dagster.warehouse.changelog import changelog
from jirasync_dagster.warehouse.project_tables import sprint_issues
from jirasync_dagster.warehouse.schema import comments, links

# The fields `jirasync issue` asks for besides the mapped ones, so JIRA's counts come with the issue.
PART_FIELDS = ("comment", "issuelinks")


@dataclass(frozen=True)
class PartCount:
    """One kind of an issue's parts: JIRA's count beside the warehouse's (None where JIRA's is not known)."""

    name: str
    jira: int | None
    warehouse: int

    @property
    def same(self) -> bool:
        """True when the counts agree, or JIRA's is not known."""
        return self.jira is None or self.jira == self.warehouse


def _count(conn: sa.Connection, table: sa.Table, instance: str, issue_id: int, live: bool = False) -> int:
    query = sa.select(sa.func.count()).select_from(table).where(table.c.instance == instance,
                                                                   table.c.issue_id == issue_id)
    return conn.execute(query.where(table.c.deleted_at.is_(None)) if live else query).scalar_one()


def part_counts(conn: sa.Connection, instance: str, issue: dict, sprint_fields: list[str],
                skipped: tuple[str, ...] = ()) -> list[PartCount]:
    """Comments, link sides and sprints of `issue` (as JIRA returned it) beside the warehouse's rows, and
    the changelog items stored (JIRA's count needs a request of its own, so it is not shown); the
    entities `skipped` for the instance (JIRA_SKIP_<n>) are left out."""
    fields, issue_id = issue.get("fields") or {}, int(issue["id"])
    jira_comments = (fields.get("comment") or {}).get("total") if "comment" in fields else None
    jira_links = len(fields.get("issuelinks") or []) if "issuelinks" in fields else None
    named = {sprint_id(value) for f in sprint_fields for value in (fields.get(f) or [])} - {None}
    counts = {
        "comments": lambda: PartCount("comments", jira_comments, _count(conn, comments, instance, issue_id, live=True)),
        "links": lambda: PartCount("links", jira_links, _count(conn, links, instance, issue_id)),
        "sprints": lambda: PartCount("sprints", len(named) if sprint_fields else None,
                                     _count(conn, sprint_issues, instance, issue_id)),
        "changelog": lambda: PartCount("changelog items", None, _count(conn, changelog, instance, issue_id)),
    }
    return [count() for name, count in counts.items() if name not in skipped]
