"""Per-partition sync state: the watermark, written in the transaction of the rows it covers."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from jirasync_dagster.warehouse.schema import sync_state


@dataclass(frozen=True)
class SyncState:
    """Where a partition's last successful sync left off."""

    watermark: datetime | None = None
    last_sync_at: datetime | None = None
    last_full_sync_at: datetime | None = None
    last_reconciled_at: datetime | None = None
    raw_fields: tuple[str, ...] | None = None
    last_checked_at: datetime | None = None

    @property
    def confirmed_at(self) -> datetime | None:
        """The last moment the rows were known to match JIRA: a sync, or a check that found nothing new."""
        moments = [m for m in (self.last_sync_at, self.last_checked_at) if m is not None]
        return max(moments) if moments else None

    def lacks_fields(self, fields: list[str]) -> list[str]:
        """The `fields` that rows synced so far do not hold in `raw` (none when unknown)."""
        if self.watermark is None or self.raw_fields is None:
            return []
        return sorted(set(fields) - set(self.raw_fields))


def read_state(conn: sa.Connection, partition_key: str) -> SyncState:
    """The partition's state, or an empty one before its first sync."""
    return read_states(conn, [partition_key])[partition_key]


def read_states(conn: sa.Connection, partition_keys: list[str]) -> dict[str, SyncState]:
    """The state of every one of `partition_keys` in one query (empty for those never synced)."""
    rows = conn.execute(
        sa.select(sync_state.c.partition_key, sync_state.c.watermark, sync_state.c.last_sync_at,
                  sync_state.c.last_full_sync_at, sync_state.c.last_reconciled_at, sync_state.c.raw_fields,
                  sync_state.c.last_checked_at)
        .where(sync_state.c.partition_key.in_(partition_keys))
    ).all() if partition_keys else []
    found = {key: SyncState(*stamps, tuple(raw) if raw is not None else None, checked)
             for key, *stamps, raw, checked in rows}
    return {key: found.get(key, SyncState()) for key in partition_keys}


def mark_checked(conn: sa.Connection, partition_keys: list[str], at: datetime) -> int:
    """Record that `partition_keys` were found up to date with JIRA as of `at`; returns rows touched."""
    if not partition_keys:
        return 0
    return conn.execute(
        sa.update(sync_state).where(sync_state.c.partition_key.in_(partition_keys))
        .values(last_checked_at=sa.func.greatest(sa.func.coalesce(sync_state.c.last_checked_at, at), at))
    ).rowcount


def write_state(conn: sa.Connection, partition_key: str, **values) -> None:
    """Set the given state fields of `partition_key` (inside the caller's transaction)."""
    instance, project_key = partition_key.split(":", 1)
    values = {**values, "last_sync_at": sa.func.now()}
    statement = insert(sync_state).values(partition_key=partition_key, instance=instance,
                                          project_key=project_key, **values)
    conn.execute(statement.on_conflict_do_update(index_elements=["partition_key"], set_=values))


def clear_state(conn: sa.Connection, partition_key: str) -> None:
    """Forget the partition's watermark so its next sync reads the whole project."""
    conn.execute(sa.delete(sync_state).where(sync_state.c.partition_key == partition_key))
