"""Issue changelogs in Postgres: one row per history item, and what was fetched per issue.

`jira_issue_changelog` mirrors JIRA's complete changelog (never the truncated one of a
search). Rows of a soft-deleted issue are kept — they are history — so queries that want
live issues only join `jira_issues_v2 ... WHERE deleted_at IS NULL`, or read the view
`jira_issue_changelog_live`, which does that and adds the issue's current key and project.

`jira_issue_changelog_state` remembers, per issue, the `updated` of the issue when its
changelog was last stored (a changelog is fetched again only when that differs) and the
`synced_at` of the row whose changelog-derived columns were last computed.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from jirasync_dagster.warehouse.copy_format import array_literal, copy_lines, copy_value
from jirasync_dagster.warehouse.issue_rows import copy_into
from jirasync_dagster.warehouse.schema import ISSUES_TABLE, metadata

CHANGELOG_TABLE = "jira_issue_changelog"
CHANGELOG_STATE_TABLE = "jira_issue_changelog_state"
CHANGELOG_VIEW = "jira_issue_changelog_live"

# One row per history item, in this order (also the COPY order).
CHANGELOG_COLUMNS = (
    "instance", "issue_id", "history_id", "item_index", "created", "author", "author_id",
    "field", "field_id", "field_type", "from_id", "from_string", "to_id", "to_string",
)

changelog = sa.Table(
    CHANGELOG_TABLE, metadata,
    sa.Column("instance", sa.Text, primary_key=True),
    sa.Column("issue_id", sa.BigInteger, primary_key=True),
    sa.Column("history_id", sa.BigInteger, primary_key=True),
    sa.Column("item_index", sa.Integer, primary_key=True),
    sa.Column("created", sa.TIMESTAMP(timezone=True), nullable=False),
    sa.Column("author", sa.Text),      # display name
    sa.Column("author_id", sa.Text),   # Cloud accountId, Data Center user name (key when unnamed)
    sa.Column("field", sa.Text),
    sa.Column("field_id", sa.Text),
    sa.Column("field_type", sa.Text),
    sa.Column("from_id", sa.Text),
    sa.Column("from_string", sa.Text),
    sa.Column("to_id", sa.Text),
    sa.Column("to_string", sa.Text),
    sa.Index("ix_jira_issue_changelog_field", "instance", "field", "created"),
)

changelog_state = sa.Table(
    CHANGELOG_STATE_TABLE, metadata,
    sa.Column("instance", sa.Text, primary_key=True),
    sa.Column("issue_id", sa.BigInteger, primary_key=True),
    sa.Column("updated", sa.TIMESTAMP(timezone=True)),          # issue `updated` when fetched
    sa.Column("entries", sa.Integer, nullable=False, server_default="0"),
    sa.Column("fetched_at", sa.TIMESTAMP(timezone=True)),
    sa.Column("derived_synced_at", sa.TIMESTAMP(timezone=True)),  # row synced_at when columns derived
)

sa.event.listen(changelog, "after_create", sa.DDL(
    f"CREATE OR REPLACE VIEW {CHANGELOG_VIEW} AS "
    f"SELECT c.*, i.issue_key, i.project_key FROM {CHANGELOG_TABLE} c "
    f"JOIN {ISSUES_TABLE} i USING (instance, issue_id) WHERE i.deleted_at IS NULL"
))
# The view depends on both tables; make sure the issues table exists first.
changelog.add_is_dependent_on(metadata.tables[ISSUES_TABLE])


def changelog_rows(instance: str, issue_id: int, histories: Iterable[dict]) -> list[tuple]:
    """Rows (in CHANGELOG_COLUMNS order) of one issue's histories, one per item."""
    rows = []
    for history in histories:
        author = history.get("author") or {}
        author_id = author.get("accountId") or author.get("name") or author.get("key")
        created = datetime.fromisoformat(history["created"])
        for index, item in enumerate(history.get("items") or ()):
            rows.append((
                instance, issue_id, int(history["id"]), index, created, author.get("displayName"), author_id,
                item.get("field"), item.get("fieldId"), item.get("fieldtype"),
                _text(item.get("from")), item.get("fromString"), _text(item.get("to")), item.get("toString"),
            ))
    return rows


def _text(value) -> str | None:
    return None if value is None else str(value)


def store_changelogs(conn: sa.Connection, instance: str, fetched: dict[int, list[dict]],
                     updated: dict[int, datetime | None], with_rows: set[int] | None = None) -> int:
    """Replace the stored changelog of every issue in `fetched`; record `updated` for every issue in `updated`.

    Issues in `updated` but not in `fetched` (JIRA returned nothing: no history, or deleted
    meanwhile) keep whatever rows they have. `with_rows`, when known, names the issues that
    have rows to replace (a first sync has none, and skips deleting). Returns the number of
    item rows written.
    """
    rows = [row for issue_id, histories in fetched.items() for row in changelog_rows(instance, issue_id, histories)]
    replaced = fetched.keys() if with_rows is None else fetched.keys() & with_rows
    if replaced:
        conn.execute(sa.text(f"DELETE FROM {CHANGELOG_TABLE} WHERE instance = :i "
                             "AND issue_id = ANY(CAST(:ids AS bigint[]))"),
                     {"i": instance, "ids": array_literal(replaced)})
    if rows:
        copy_into(conn, f"COPY {CHANGELOG_TABLE} ({', '.join(CHANGELOG_COLUMNS)}) FROM STDIN",
                  copy_lines(rows, [copy_value] * len(CHANGELOG_COLUMNS)))
    entries: dict[int, int] = defaultdict(int)
    for row in rows:
        entries[row[1]] += 1
    if updated:
        conn.execute(sa.text(
            f"INSERT INTO {CHANGELOG_STATE_TABLE} AS s (instance, issue_id, updated, entries, fetched_at) "
            "SELECT :i, u.issue_id, u.updated, u.entries, now() "
            "FROM unnest(CAST(:ids AS bigint[]), CAST(:updated AS timestamptz[]), CAST(:entries AS int[])) "
            "AS u(issue_id, updated, entries) "
            "ON CONFLICT (instance, issue_id) DO UPDATE SET updated = EXCLUDED.updated, fetched_at = now(), "
            "entries = CASE WHEN EXCLUDED.entries > 0 THEN EXCLUDED.entries ELSE s.entries END"
        ), {"i": instance, "ids": array_literal(updated), "updated": array_literal(updated.values()),
            "entries": array_literal(entries.get(issue_id, 0) for issue_id in updated)})
    return len(rows)


def refresh_changelog_statistics(engine: sa.Engine) -> None:
    """ANALYZE the changelog tables' size and the columns a sync looks rows up by."""
    # A fifth of the cost of all columns (sorting 30,000 sampled values per text column): the
    # sync's own lookups need only these, and autovacuum's analyze completes the rest later.
    with engine.begin() as conn:
        conn.execute(sa.text(f"ANALYZE {CHANGELOG_TABLE} (instance, issue_id, field), "
                             f"{CHANGELOG_STATE_TABLE} (instance, issue_id)"))


def stored_histories(conn: sa.Connection, keys: Iterable[tuple[str, int]],
                     fields: Iterable[str] | None = ("status",)) -> dict[tuple[str, int], list[dict]]:
    """Stored changelogs as JIRA-shaped histories per (instance, issue_id), oldest first.

    Only items of `fields` (JIRA's `field` names; None = all) are read: the status items are
    all that transition columns need. An issue without stored items is absent.
    """
    by_instance: dict[str, list[int]] = defaultdict(list)
    for instance, issue_id in keys:
        by_instance[instance].append(issue_id)
    result: dict[tuple[str, int], list[dict]] = {}
    field_filter = "" if fields is None else " AND field = ANY(:fields)"
    for instance, ids in by_instance.items():
        rows = conn.execute(sa.text(
            "SELECT issue_id, history_id, created, field, field_id, field_type, from_id, from_string, to_id, to_string "
            f"FROM {CHANGELOG_TABLE} WHERE instance = :i AND issue_id = ANY(CAST(:ids AS bigint[])){field_filter} "
            "ORDER BY issue_id, created, history_id, item_index"
        ), {"i": instance, "ids": array_literal(ids), "fields": list(fields or ())})
        current: dict | None = None
        for issue_id, history_id, created, field, field_id, field_type, from_id, from_s, to_id, to_s in rows:
            histories = result.setdefault((instance, issue_id), [])
            if current is None or current["_key"] != (issue_id, history_id):
                current = {"_key": (issue_id, history_id), "id": str(history_id),
                           "created": created.isoformat(), "items": []}
                histories.append(current)
            current["items"].append({"field": field, "fieldId": field_id, "fieldtype": field_type,
                                     "from": from_id, "fromString": from_s, "to": to_id, "toString": to_s})
    for histories in result.values():
        for history in histories:
            del history["_key"]
    return result


def mark_derived(conn: sa.Connection, instance: str, synced: dict[int, datetime]) -> None:
    """Remember the row `synced_at` whose changelog-derived columns are now computed."""
    if not synced:
        return
    conn.execute(sa.text(
        f"INSERT INTO {CHANGELOG_STATE_TABLE} AS s (instance, issue_id, derived_synced_at) "
        "SELECT :i, u.issue_id, u.synced_at "
        "FROM unnest(CAST(:ids AS bigint[]), CAST(:synced AS timestamptz[])) AS u(issue_id, synced_at) "
        "ON CONFLICT (instance, issue_id) DO UPDATE SET derived_synced_at = EXCLUDED.derived_synced_at"
    ), {"i": instance, "ids": array_literal(synced), "synced": array_literal(synced.values())})


def stale_changelogs(conn: sa.Connection, instance: str,
                     updated: dict[int, datetime | None]) -> tuple[dict[int, datetime | None], set[int]]:
    """The issues of `updated` ({issue_id: updated as just read}) whose stored changelog was fetched at
    another `updated`, and the ids among them that have changelog rows stored."""
    # Looked up by key and compared here: a join on (issue_id, updated) is planned as a hash
    # join over the whole state table, whose cost grows with the instance, not the chunk.
    found = conn.execute(sa.text(
        f"SELECT issue_id, updated, fetched_at IS NOT NULL, entries > 0 FROM {CHANGELOG_STATE_TABLE} "
        "WHERE instance = :i AND issue_id = ANY(CAST(:ids AS bigint[]))"
    ), {"i": instance, "ids": array_literal(updated)}).all()
    fetched_at = {issue_id: at for issue_id, at, fetched, _ in found if fetched}
    with_rows = {issue_id for issue_id, _, _, has_rows in found if has_rows}
    stale = {issue_id: at for issue_id, at in updated.items() if issue_id not in fetched_at or fetched_at[issue_id] != at}
    return stale, with_rows & stale.keys()


def pending_issues(conn: sa.Connection, instance: str, project_key: str | None = None, *,
                   derived: bool = True, after_id: int = 0, limit: int | None = None) -> list[tuple]:
    """Live rows whose changelog is stale, or (`derived`) whose derived columns are: (issue_id, updated, synced_at, stale).

    `stale` is True when the issue's `updated` differs from the one its stored changelog was
    fetched at (or none was fetched); otherwise only the derived columns need computing
    (the row was rewritten since they were, e.g. by a merge or a full refresh). Read in id order,
    `limit` at a time after `after_id`, so a large project never sits in memory whole.
    """
    project = " AND i.project_key = :p" if project_key else ""
    underived = " OR s.derived_synced_at IS DISTINCT FROM i.synced_at" if derived else ""
    return [tuple(row) for row in conn.execute(sa.text(
        f"SELECT i.issue_id, i.updated, i.synced_at, s.updated IS DISTINCT FROM i.updated OR s.fetched_at IS NULL "
        f"FROM {ISSUES_TABLE} i LEFT JOIN {CHANGELOG_STATE_TABLE} s USING (instance, issue_id) "
        f"WHERE i.instance = :i{project} AND i.deleted_at IS NULL AND ("
        f"s.issue_id IS NULL OR s.fetched_at IS NULL OR s.updated IS DISTINCT FROM i.updated{underived}) "
        "AND i.issue_id > :after ORDER BY i.issue_id" + (" LIMIT :limit" if limit else "")
    ), {"i": instance, "p": project_key, "after": after_id, "limit": limit})]
