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

    def lacks_fields(self, fields: list[str]) -> list[str]:
        """The `fields` that rows synced so far do not hold in `raw` (none when unknown)."""
        if self.watermark is None or self.raw_fields is None:
            return []
        return sorted(set(fields) - set(self.raw_fields))


def read_state(conn: sa.Connection, partition_key: str) -> SyncState:
    """The partition's state, or an empty one before its first sync."""
    row = conn.execute(
        sa.select(sync_state.c.watermark, sync_state.c.last_sync_at, sync_state.c.last_full_sync_at,
                  sync_state.c.last_reconciled_at, sync_state.c.raw_fields)
        .where(sync_state.c.partition_key == partition_key)
    ).first()
    if not row:
        return SyncState()
    *stamps, raw_fields = row
    return SyncState(*stamps, tuple(raw_fields) if raw_fields is not None else None)


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
