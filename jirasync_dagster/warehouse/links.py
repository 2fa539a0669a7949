"""jira_issue_links: each synced issue's link sides, made exactly its `issuelinks` field whenever it is read.

Removed links are deleted, not soft-deleted: a row is a projection of the issue's current
field, JIRA keeps no trace of a removed link in it, and the issue's changelog already says
when a link came and went (its "Link" items).
"""

import sqlalchemy as sa

from jirasync_dagster.warehouse.copy_format import array_literal
from jirasync_dagster.warehouse.schema import links
from jirasync_dagster.warehouse.staging import stage_rows, upsert_staged

# The columns of a link row, in the order sync/issue_extras.py builds it.
LINK_COLUMNS = ("instance", "link_id", "issue_id", "project_key", "direction", "link_type_id", "link_type_name",
                "relation", "other_issue_id", "other_issue_key")


def store_links(conn: sa.Connection, instance: str, issue_ids: list[int], rows: list[tuple]) -> tuple[int, int]:
    """Make the link sides of `issue_ids` exactly `rows`; returns (rows written, rows deleted)."""
    if not issue_ids:
        return 0, 0
    stage_rows(conn, "jirasync_link_stage", links, LINK_COLUMNS, rows)
    deleted = conn.execute(sa.text(
        f"DELETE FROM {links.name} t WHERE t.instance = :instance AND t.issue_id = ANY(CAST(:ids AS bigint[])) "
        "AND NOT EXISTS (SELECT 1 FROM jirasync_link_stage s WHERE s.link_id = t.link_id AND s.issue_id = t.issue_id)"),
        {"instance": instance, "ids": array_literal(issue_ids)}).rowcount
    written = upsert_staged(conn, "jirasync_link_stage", links, LINK_COLUMNS, ("instance", "link_id", "issue_id"))
    return written, deleted


def refresh_other_keys(conn: sa.Connection, instance: str, keys: dict[int, str]) -> int:
    """Give rows pointing at these issues their current keys (a moved issue's links stay on the other side)."""
    if not keys:
        return 0
    return conn.execute(sa.text(
        f"UPDATE {links.name} t SET other_issue_key = k.key, synced_at = now() "
        "FROM unnest(CAST(:ids AS bigint[]), CAST(:keys AS text[])) AS k(id, key) "
        "WHERE t.instance = :instance AND t.other_issue_id = k.id AND t.other_issue_key IS DISTINCT FROM k.key"),
        {"instance": instance, "ids": array_literal(keys), "keys": array_literal(keys.values())}).rowcount


def delete_links_of(conn: sa.Connection, instance: str, issue_ids: list[int]) -> int:
    """Delete the link sides of deleted issues and those pointing at them (JIRA removes both, touching neither)."""
    if not issue_ids:
        return 0
    return conn.execute(sa.text(
        f"DELETE FROM {links.name} WHERE instance = :instance "
        "AND (issue_id = ANY(CAST(:ids AS bigint[])) OR other_issue_id = ANY(CAST(:ids AS bigint[])))"),
        {"instance": instance, "ids": array_literal(issue_ids)}).rowcount


def link_targets_in(conn: sa.Connection, instance: str, project_key: str) -> set[int]:
    """Ids of the issues that link rows point at under a key of `project_key`."""
    return set(conn.execute(sa.text(
        f"SELECT DISTINCT other_issue_id FROM {links.name} WHERE instance = :instance "
        "AND split_part(other_issue_key, '-', 1) = :project"), {"instance": instance, "project": project_key}).scalars())
