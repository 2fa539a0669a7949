"""One issue, fetched from JIRA now, compared column by column with its row in jira_issues_v2."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa

from jirasync_dagster.jira import JiraBadRequestError
from jirasync_dagster.mapping import FieldMapping, FieldSource, IssueConverter
from jirasync_dagster.mapping.rollout import wanted_columns
from jirasync_dagster.sync.batch_writer import write_batch
from jirasync_dagster.sync.changelog_step import sync_changelogs
from jirasync_dagster.sync.extras_step import ExtrasStep
from jirasync_dagster.sync.issue_extras import Entities
from jirasync_dagster.sync.report import SyncReport
from jirasync_dagster.sync.row_builder import RowBuilder, parse_jira_datetime
from jirasync_dagster.warehouse import add_missing_columns, advisory_lock, read_state
from jirasync_dagster.warehouse.columns import existing_columns
from jirasync_dagster.warehouse.copy_format import as_stored
from jirasync_dagster.warehouse.schema import ISSUES_TABLE, quote

ISSUE_KEY = re.compile(r"^[A-Z][A-Z0-9_]*-[1-9][0-9]*$")
CORE = ("issue_key", "project_key", "updated")


def validate_issue_key(key: str) -> str:
    """An issue key such as ENG-12 (upper-cased), safe to put in JQL."""
    key = key.strip().upper()
    if not ISSUE_KEY.match(key):
        raise ValueError(f"{key!r} is not an issue key like ENG-12")
    return key


def fetch_issue(client, key: str, fields: list[str]) -> dict | None:
    """The issue with `key` (searched like a sync reads it, with `fields`), or None when JIRA has none."""
    try:
        for page in client.search_pages(f'key = "{validate_issue_key(key)}"', fields, page_size=1):
            return page.issues[0] if page.issues else None
    except JiraBadRequestError as error:
        # JIRA answers a JQL naming an unknown key (or project) with 400 "… does not exist …".
        if "does not exist" in str(error):
            return None
        raise
    return None


@dataclass(frozen=True)
class ColumnCheck:
    """One column: JIRA's mapped value beside the warehouse's, and why they differ."""

    column: str
    jira: Any
    warehouse: Any
    same: bool
    reason: str = ""


@dataclass
class IssueCheck:
    """The comparison of one issue."""

    instance: str
    key: str
    row_state: str                      # "current", "stale", "missing", "deleted", "newer"
    columns: list[ColumnCheck] = field(default_factory=list)
    watermark: datetime | None = None
    jira_updated: datetime | None = None
    row_updated: datetime | None = None

    @property
    def differences(self) -> list[ColumnCheck]:
        """The columns whose values differ."""
        return [c for c in self.columns if not c.same]


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return list(a) == list(b)
    return a == b


def compare_issue(conn: sa.Connection, instance: str, issue: dict, mappings: list[FieldMapping],
                  partition_key: str) -> IssueCheck:
    """Compare `issue` (from JIRA) with its row; every difference gets the most likely reason."""
    converter = IssueConverter(mappings, instance)
    converted = converter.convert(issue)
    fields = issue.get("fields") or {}
    jira_values = {
        "issue_key": issue["key"],
        "project_key": (fields.get("project") or {}).get("key"),
        "updated": parse_jira_datetime(fields.get("updated")),
        **converted.values,
    }
    have = existing_columns(conn)
    selectable = [c for c in jira_values if c in have]
    row = conn.execute(
        sa.text(f"SELECT deleted_at, {', '.join(quote(conn, c) for c in selectable)} FROM {quote(conn, ISSUES_TABLE)} "
                "WHERE instance = :instance AND issue_id = :issue_id"),
        {"instance": instance, "issue_id": int(issue["id"])},
    ).mappings().first()
    check = IssueCheck(instance, issue["key"], "missing", watermark=read_state(conn, partition_key).watermark,
                       jira_updated=jira_values["updated"])
    if row is not None:
        check.row_updated = row["updated"]
        if row["deleted_at"] is not None:
            check.row_state = "deleted"
        elif row["updated"] is None or (check.jira_updated and row["updated"] < check.jira_updated):
            check.row_state = "stale"
        elif check.jira_updated and row["updated"] > check.jira_updated:
            check.row_state = "newer"
        else:
            check.row_state = "current"
    if row is not None:
        deleted = row["deleted_at"]
        check.columns.append(ColumnCheck("deleted_at", None, deleted, deleted is None, "" if deleted is None else
                                         _reason(check, "deleted_at", None, instance, True, {})))
    by_column = {m.column: m for m in converter.columns}
    for column, jira_value in jira_values.items():
        mapping = by_column.get(column)
        stored = None if row is None or column not in have else row[column]
        same = row is not None and column in have and _equal(as_stored(jira_value), stored)
        reason = "" if same else _reason(check, column, mapping, instance, column in have, converted.failures)
        source = None if mapping is None else mapping.source_for(instance)
        if source is not None and not isinstance(source, FieldSource):
            same, reason = True, "from the changelog; search results carry none, so not compared"
        elif same and column in converted.failures:
            reason = f"conversion failed: {converted.failures[column]}"
        check.columns.append(ColumnCheck(column, jira_value, stored, same, reason))
    return check


def _reason(check: IssueCheck, column: str, mapping: FieldMapping | None, instance: str, in_table: bool,
            failures: dict[str, str]) -> str:
    if check.row_state == "missing":
        return "row missing: not synced yet" + ("" if check.watermark else " (the partition has never synced)")
    if check.row_state == "deleted":
        return "row soft-deleted: reconciliation did not find the issue in its project"
    if not in_table:
        return "column missing in jira_issues_v2 (schema sync adds it on the next sync)"
    if column in failures:
        return f"conversion failed: {failures[column]}"
    if check.row_state == "stale":
        return "stale: row's updated is older than JIRA's; the next sync reads it (or --sync now)"
    if mapping is not None and mapping.source_for(instance) is None:
        return f"unmapped on {instance}: the column holds its default"
    return "row is current: the mapping changed since it was written? `jirasync fields backfill` re-derives it"


def resync_issue(client, warehouse, issue: dict, mappings: list[FieldMapping], partition_key: str) -> None:
    """Write `issue` as a sync would: RowBuilder, merge (rewriting the row) with its comments and links, then
    the changelog step.

    Runs under the partition's advisory lock (a running sync of the partition makes it refuse);
    the watermark is not touched. The changelog step also catches up any other issue of the
    partition whose changelog is pending, exactly as the next sync would.
    """
    instance = client.name
    converter = IssueConverter(mappings, instance)
    builder = RowBuilder(instance, converter, Entities.without(client.connection.skip))
    page = builder.page([orjson.dumps(issue)])
    with advisory_lock(warehouse.engine, partition_key):
        with warehouse.engine.begin() as conn:
            add_missing_columns(conn, wanted_columns(mappings))
        # Its comments (paged past those embedded) and links are written with the row, as a sync writes them.
        with ExtrasStep(client, instance, SyncReport(partition_key), rewrite=True) as extras:
            write_batch(warehouse, builder.layout, page.rows, page.extras, extras, rewrite=True)
        sync_changelogs(client, warehouse, converter, partition_key)


def sync_fields(mappings: list[FieldMapping], instance: str) -> list[str]:
    """The fields a sync of `instance` requests (what fetch_issue must ask for)."""
    return RowBuilder(instance, IssueConverter(mappings, instance)).fields
