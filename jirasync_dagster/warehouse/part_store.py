"""Full compare of a project's parts with the stored rows: insert new, update changed, soft-delete vanished."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert


@dataclass
class PartCounts:
    """Rows one compare wrote."""

    inserted: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def written(self) -> int:
        """Rows inserted, changed or soft-deleted."""
        return self.inserted + self.updated + self.deleted


def store_parts(conn: sa.Connection, table: sa.Table, instance: str, rows: list[dict],
                scope=None) -> PartCounts:
    """Write `rows` (dicts keyed by column, with `raw`) where new, changed or deleted before.

    `scope` (a where-clause on `table`) is what JIRA answered in full: its live rows missing from
    `rows` are marked deleted. None: `rows` is a partial answer and nothing is marked deleted.
    """
    key = next(c for c in table.primary_key.columns if c.name != "instance")
    counts = PartCounts()
    wanted = {row[key.name]: row for row in rows}
    listed = key.in_(list(wanted))
    stored = {k: (raw, deleted) for k, raw, deleted in conn.execute(
        sa.select(key, table.c.raw, table.c.deleted_at).where(
            table.c.instance == instance, listed if scope is None else sa.or_(listed, scope)))}
    changed = [{"instance": instance, **row} for k, row in wanted.items()
               if k not in stored or stored[k][0] != row["raw"] or stored[k][1] is not None]
    if changed:
        statement = insert(table).values(changed)
        columns = [c.name for c in table.columns if c.name in changed[0] and c.name not in ("instance", key.name)]
        conn.execute(statement.on_conflict_do_update(
            index_elements=["instance", key.name],
            set_={**{c: statement.excluded[c] for c in columns}, "synced_at": sa.func.now(), "deleted_at": None}))
    counts.inserted = sum(1 for row in changed if row[key.name] not in stored)
    counts.updated = len(changed) - counts.inserted
    gone = [k for k, (_, deleted) in stored.items() if k not in wanted and deleted is None]
    if gone:  # only a scoped compare reads rows it was not given
        conn.execute(sa.update(table).where(table.c.instance == instance, key.in_(gone))
                     .values(deleted_at=sa.func.now(), synced_at=sa.func.now()))
        counts.deleted = len(gone)
    return counts
