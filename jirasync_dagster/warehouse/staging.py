"""Rows staged by COPY in a temporary table shaped like their target, for one set-based statement."""

import sqlalchemy as sa

from jirasync_dagster.warehouse.copy_format import array_literal, copy_lines, copy_value, json_value
from jirasync_dagster.warehouse.issue_rows import copy_into


def stage_rows(conn: sa.Connection, stage: str, target: sa.Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """COPY `rows` (values of `columns`, in order) into a new temporary table `stage` shaped like `target`."""
    conn.execute(sa.text(f"CREATE TEMP TABLE {stage} (LIKE {target.name} INCLUDING DEFAULTS) ON COMMIT DROP"))
    encoders = [json_value if name == "raw" else copy_value for name in columns]
    copy_into(conn, f"COPY {stage} ({', '.join(columns)}) FROM STDIN", copy_lines(rows, encoders))


def upsert_staged(conn: sa.Connection, stage: str, target: sa.Table, columns: tuple[str, ...], key: tuple[str, ...]) -> int:
    """Insert the staged rows into `target`, updating a row already there only where a value differs; returns
    the rows written. A soft-deleted row (a `deleted_at` column) written again comes back to life."""
    names, rest = ", ".join(columns), [c for c in columns if c not in key]
    revive = "deleted_at" in target.columns
    changed = " OR ".join([f"t.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in rest] + ["t.deleted_at IS NOT NULL"] * revive)
    sets = ", ".join([f"{c} = EXCLUDED.{c}" for c in rest] + ["synced_at = now()"] + ["deleted_at = NULL"] * revive)
    # DISTINCT ON: one staged row per key, as an upsert may touch a row only once.
    return conn.execute(sa.text(
        f"INSERT INTO {target.name} AS t ({names}) SELECT DISTINCT ON ({', '.join(key)}) {names} FROM {stage} "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {sets} WHERE {changed}")).rowcount


def store_of_issues(conn: sa.Connection, stage: str, target: sa.Table, columns: tuple[str, ...], instance: str,
                    issue_ids: list[int], rows: list[tuple]) -> tuple[int, int]:
    """Make the rows of `issue_ids` in `target` exactly `rows` (keyed by instance and the column after it), the
    vanished ones soft-deleted; returns (written, soft-deleted). No issue ids: `rows` are only upserted."""
    key = columns[1]
    stage_rows(conn, stage, target, columns, rows)
    written = upsert_staged(conn, stage, target, columns, ("instance", key))
    deleted = conn.execute(sa.text(
        f"UPDATE {target.name} t SET deleted_at = now(), synced_at = now() "
        "WHERE t.instance = :instance AND t.issue_id = ANY(CAST(:ids AS bigint[])) AND t.deleted_at IS NULL "
        f"AND NOT EXISTS (SELECT 1 FROM {stage} s WHERE s.{key} = t.{key})"),
        {"instance": instance, "ids": array_literal(issue_ids)}).rowcount if issue_ids else 0
    return written, deleted
