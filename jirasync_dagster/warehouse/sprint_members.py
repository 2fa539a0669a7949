"""Sprint membership in Postgres, taken from the Sprint field of the stored issue rows.

An issue's membership is pending while its row's `updated` differs from the one recorded in
jira_sprint_issues_state (new, changed, moved into the project, or missed by a failed run);
a soft-deleted issue's membership is pending until it is removed.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from jirasync_dagster.warehouse.copy_format import array_literal
from jirasync_dagster.warehouse.project_tables import SPRINT_ISSUES, SPRINT_ISSUES_STATE, sprint_issues
from jirasync_dagster.warehouse.schema import ISSUES_TABLE


@dataclass(frozen=True)
class PendingIssue:
    """A row whose membership is due: its `updated`, whether it is deleted, its Sprint field values."""

    issue_id: int
    updated: object
    deleted: bool
    values: list  # the values of every Sprint field, concatenated


def pending_memberships(conn: sa.Connection, instance: str, project: str, field_ids: list[str],
                        after_id: int = 0, limit: int = 2000) -> list[PendingIssue]:
    """Up to `limit` rows of the project after `after_id` whose membership is due, in id order."""
    picks = ", ".join(f"i.raw->'fields'->:f{n}" for n in range(len(field_ids))) or "NULL"
    rows = conn.execute(sa.text(
        f"SELECT i.issue_id, i.updated, i.deleted_at IS NOT NULL, jsonb_build_array({picks}) "
        f"FROM {ISSUES_TABLE} i LEFT JOIN {SPRINT_ISSUES_STATE} s USING (instance, issue_id) "
        "WHERE i.instance = :i AND i.project_key = :p AND i.issue_id > :after AND CASE WHEN i.deleted_at IS NULL "
        "THEN s.issue_id IS NULL OR s.updated IS DISTINCT FROM i.updated ELSE s.issue_id IS NOT NULL END "
        "ORDER BY i.issue_id LIMIT :limit"
    ), {"i": instance, "p": project, "after": after_id, "limit": limit,
        **{f"f{n}": f for n, f in enumerate(field_ids)}})
    return [PendingIssue(issue_id, updated, deleted, [v for field in fields or () if isinstance(field, list)
                                                      for v in field])
            for issue_id, updated, deleted, fields in rows]


def forget_memberships(conn: sa.Connection, instance: str, project: str) -> None:
    """Make the membership of every issue of the project pending (a full read takes it all again)."""
    conn.execute(sa.text(
        f"DELETE FROM {SPRINT_ISSUES_STATE} s USING {ISSUES_TABLE} i WHERE s.instance = :i AND i.instance = :i "
        "AND i.issue_id = s.issue_id AND i.project_key = :p"), {"i": instance, "p": project})


def replace_memberships(conn: sa.Connection, instance: str, pending: list[PendingIssue],
                        members: dict[int, dict[int, object]]) -> int:
    """Make the membership of `pending` issues `members` ({issue_id: {sprint_id: raw}}); returns rows written."""
    ids = [p.issue_id for p in pending]
    stored = {(issue_id, sprint_id): raw for issue_id, sprint_id, raw in conn.execute(
        sa.select(sprint_issues.c.issue_id, sprint_issues.c.sprint_id, sprint_issues.c.raw).where(
            sprint_issues.c.instance == instance, sprint_issues.c.issue_id.in_(ids)))}
    wanted = {(issue_id, sprint_id): raw for issue_id, sprints in members.items() for sprint_id, raw in sprints.items()}
    gone = [pair for pair in stored if pair not in wanted]
    if gone:
        conn.execute(sa.text(
            f"DELETE FROM {SPRINT_ISSUES} WHERE instance = :i AND (issue_id, sprint_id) IN "
            "(SELECT * FROM unnest(CAST(:issues AS bigint[]), CAST(:sprints AS bigint[])))"
        ), {"i": instance, "issues": array_literal(i for i, _ in gone), "sprints": array_literal(s for _, s in gone)})
    changed = [{"instance": instance, "issue_id": i, "sprint_id": s, "raw": raw}
               for (i, s), raw in wanted.items() if stored.get((i, s), ...) != raw]
    if changed:
        statement = insert(sprint_issues).values(changed)
        conn.execute(statement.on_conflict_do_update(
            index_elements=["instance", "sprint_id", "issue_id"],
            set_={"raw": statement.excluded.raw, "synced_at": sa.func.now()}))
    _record(conn, instance, pending)
    return len(gone) + len(changed)


def _record(conn: sa.Connection, instance: str, pending: list[PendingIssue]) -> None:
    """Remember the `updated` each live issue's membership was taken at; forget deleted issues."""
    live = [p for p in pending if not p.deleted]
    deleted = [p.issue_id for p in pending if p.deleted]
    if deleted:
        conn.execute(sa.text(f"DELETE FROM {SPRINT_ISSUES_STATE} WHERE instance = :i "
                             "AND issue_id = ANY(CAST(:ids AS bigint[]))"),
                     {"i": instance, "ids": array_literal(deleted)})
    if live:
        conn.execute(sa.text(
            f"INSERT INTO {SPRINT_ISSUES_STATE} (instance, issue_id, updated) SELECT :i, u.issue_id, u.updated "
            "FROM unnest(CAST(:ids AS bigint[]), CAST(:updated AS timestamptz[])) AS u(issue_id, updated) "
            "ON CONFLICT (instance, issue_id) DO UPDATE SET updated = EXCLUDED.updated"
        ), {"i": instance, "ids": array_literal(p.issue_id for p in live),
            "updated": array_literal(p.updated for p in live)})
