"""Postgres advisory locks so two runs never work on the same thing at once."""

import contextlib
import time

import sqlalchemy as sa


class PartitionBusyError(RuntimeError):
    """Another run holds the lock on this partition."""


def lock_id(name: str) -> sa.ColumnElement:
    """A 64-bit advisory lock id derived from `name` inside Postgres."""
    return sa.func.hashtextextended(sa.literal(f"jirasync:{name}"), 0)


@contextlib.contextmanager
def advisory_lock(engine: sa.Engine, name: str, *, wait_seconds: float = 0.0):
    """Hold a session advisory lock on `name`, waiting up to `wait_seconds` for it."""
    with engine.connect() as conn:
        deadline = time.monotonic() + wait_seconds
        while not conn.execute(sa.select(sa.func.pg_try_advisory_lock(lock_id(name)))).scalar():
            conn.rollback()
            if time.monotonic() >= deadline:
                raise PartitionBusyError(
                    f"{name} is being synced by another run; this run stops without changing anything "
                    "(the other run will bring the partition up to date)"
                )
            time.sleep(0.5)
        conn.commit()
        try:
            yield
        finally:
            conn.execute(sa.select(sa.func.pg_advisory_unlock(lock_id(name))))
            conn.commit()


def transaction_lock(conn: sa.Connection, name: str) -> None:
    """Take a transaction-scoped advisory lock on `name` (released at commit or rollback)."""
    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(lock_id(name))))
