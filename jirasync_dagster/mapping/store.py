"""MappingStore: the versioned field mappings in Postgres, changed all-or-nothing."""

import contextlib
import dataclasses
from collections import Counter
from typing import Callable, Iterable, Iterator, Optional

import sqlalchemy as sa

from jirasync_dagster.mapping.defaults import default_mappings
from jirasync_dagster.mapping.errors import MappingError
from jirasync_dagster.mapping.model import FieldMapping
from jirasync_dagster.mapping.serialization import mapping_to_data
from jirasync_dagster.mapping.store_tables import (
    field_mappings,
    field_mappings_history,
    mapping_from_stored,
    mapping_to_row,
    metadata,
    row_to_data,
)

# Serialises table creation, first-use seeding and every change across processes.
_LOCK_KEY = sa.func.hashtextextended(sa.literal("jirasync:field_mappings"), 0)
SEED_ACTOR = "jirasync"
# Called with the transaction's connection and the new set before it is written; raising undoes all.
OnApply = Optional[Callable[[sa.Connection, list[FieldMapping]], None]]


class MappingStore:
    """Reads and changes the field mappings; every change is a version in the history."""

    def __init__(self, engine: sa.Engine):
        self._engine = engine
        self._tables_ready = False

    def ensure_tables(self) -> None:
        """Create the mapping tables if they do not exist (safe to call from many processes)."""
        with self._engine.begin() as conn:
            _lock(conn)
            metadata.create_all(conn, checkfirst=True)
        self._tables_ready = True

    def load_active(self) -> list[FieldMapping]:
        """The active mappings in their stored order; the defaults on first use."""
        return [mapping for mapping in self.load_all() if mapping.active]

    def load_all(self) -> list[FieldMapping]:
        """Every mapping, active or not, in their stored order."""
        with self._transaction() as conn:
            return _read_mappings(conn)

    def apply(self, mappings: Iterable[FieldMapping], actor: str, note: str = "", on_apply: OnApply = None) -> int:
        """Replace the whole mapping set in one transaction; returns the new version."""
        mappings = list(mappings)
        _check_unique_columns(mappings)
        with self._transaction() as conn:
            return _replace(conn, mappings, actor, note or "apply", on_apply)

    def merge(self, mappings: Iterable[FieldMapping], actor: str, note: str = "", on_apply: OnApply = None) -> int:
        """Add `mappings`, each replacing the one with its column, in one transaction; returns the new version."""
        mappings = list(mappings)
        _check_unique_columns(mappings)
        with self._transaction() as conn:
            merged = {existing.column: existing for existing in _read_mappings(conn)}
            merged.update((mapping.column, mapping) for mapping in mappings)
            note = note or f"merge {', '.join(mapping.column for mapping in mappings)}"
            return _replace(conn, list(merged.values()), actor, note, on_apply)

    def upsert(self, mapping: FieldMapping, actor: str, on_apply: OnApply = None) -> int:
        """Add `mapping` or replace the one with its column; returns the new version."""
        return self.merge([mapping], actor, f"upsert {mapping.column}", on_apply)

    def set_active(self, column: str, active: bool, actor: str, on_apply: OnApply = None) -> int | None:
        """Enable or disable the mapping of `column`; the new version, or None if it already was so."""
        verb = "enable" if active else "disable"
        return self._change_one(column, lambda m: dataclasses.replace(m, active=active), actor, f"{verb} {column}",
                                on_apply)

    def remove(self, column: str, actor: str, note: str = "", on_apply: OnApply = None) -> int:
        """Delete the mapping of `column` (its warehouse column is `on_apply`'s business); returns the new version."""
        return self._change_one(column, lambda _: None, actor, note or f"remove {column}", on_apply)

    def history(self) -> list[dict]:
        """Every version, oldest first: version, changed_at, actor, note, before, after."""
        with self._transaction() as conn:
            rows = conn.execute(sa.select(field_mappings_history).order_by(field_mappings_history.c.version))
            return [dict(row) for row in rows.mappings()]

    def rollback(self, version: int, actor: str, on_apply: OnApply = None) -> int:
        """Restore the set as it was after `version`, recorded as a new version."""
        with self._transaction() as conn:
            after = conn.execute(
                sa.select(field_mappings_history.c.after).where(field_mappings_history.c.version == version)
            ).scalar()
            if after is None:
                raise MappingError(
                    f"there is no mapping version {version}; list versions with `jirasync fields history`"
                )
            restored = [
                mapping_from_stored(data, f"mapping {data.get('column')!r} of version {version}") for data in after
            ]
            return _replace(conn, restored, actor, f"rollback to version {version}", on_apply)

    def _change_one(self, column: str, change: Callable[[FieldMapping], Optional[FieldMapping]], actor: str,
                    note: str, on_apply: OnApply) -> int | None:
        # Read and written under the store's lock, so a concurrent change is never lost.
        with self._transaction() as conn:
            mappings = _read_mappings(conn)
            old = find_mapping(mappings, column)
            new = change(old)
            if new == old:
                return None
            changed = [m for m in (new if m is old else m for m in mappings) if m is not None]
            return _replace(conn, changed, actor, note, on_apply)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sa.Connection]:
        # Every operation holds the lock, so a first use seeds the defaults exactly once
        # and concurrent changes each see the set the previous one left.
        if not self._tables_ready:
            self.ensure_tables()
        with self._engine.begin() as conn:
            _lock(conn)
            if conn.execute(sa.select(field_mappings_history.c.version).limit(1)).first() is None:
                _replace(conn, default_mappings(), SEED_ACTOR, "seeded default mappings")
            yield conn


def find_mapping(mappings: list[FieldMapping], column: str) -> FieldMapping:
    """The mapping of `column`; an unknown column raises MappingError naming the known ones."""
    found = next((mapping for mapping in mappings if mapping.column == column), None)
    if found is None:
        known = ", ".join(sorted(mapping.column for mapping in mappings)) or "none"
        raise MappingError(f"no mapping for column {column!r}; the mapped columns are: {known} "
                           f"(`jirasync fields list` shows them)")
    return found


def _lock(conn: sa.Connection) -> None:
    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_KEY)))


def _read_data(conn: sa.Connection) -> list[dict]:
    rows = conn.execute(sa.select(field_mappings).order_by(field_mappings.c.position, field_mappings.c.column_name))
    return [row_to_data(row) for row in rows.mappings()]


def _read_mappings(conn: sa.Connection) -> list[FieldMapping]:
    return [mapping_from_stored(data, f"field_mappings row {data['column']!r}") for data in _read_data(conn)]


def _replace(conn: sa.Connection, mappings: list[FieldMapping], actor: str, note: str, on_apply: OnApply = None) -> int:
    if on_apply is not None:
        # Inside the locked transaction, so what it checks or adds commits with the new set or not at all.
        on_apply(conn, mappings)
    before = _read_data(conn)
    conn.execute(sa.delete(field_mappings))
    if mappings:
        conn.execute(
            sa.insert(field_mappings),
            [mapping_to_row(mapping, position, actor) for position, mapping in enumerate(mappings)],
        )
    after = [mapping_to_data(mapping) for mapping in mappings]
    return conn.execute(
        sa.insert(field_mappings_history)
        .values(actor=actor, note=note, before=before, after=after)
        .returning(field_mappings_history.c.version)
    ).scalar_one()


def _check_unique_columns(mappings: list[FieldMapping]) -> None:
    counts = Counter(mapping.column for mapping in mappings)
    duplicates = sorted(column for column, count in counts.items() if count > 1)
    if duplicates:
        raise MappingError(f"columns appear more than once: {', '.join(duplicates)}; keep one mapping per column")
