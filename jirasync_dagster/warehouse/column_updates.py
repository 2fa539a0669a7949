"""Rewriting some mapped columns of existing rows, from values computed outside a sync's merge."""

import sqlalchemy as sa

from jirasync_dagster.warehouse.copy_format import copy_lines, copy_value, json_value
from jirasync_dagster.warehouse.issue_rows import copy_into
from jirasync_dagster.warehouse.schema import ISSUES_TABLE, quote

STAGE = "jirasync_column_stage"


def update_columns(conn: sa.Connection, columns: list[tuple[str, str]], rows: list[tuple]) -> int:
    """Set `columns` ((name, type) pairs) from `rows` of (instance, issue_id, synced_at, *values); returns rows written.

    A row whose synced_at moved since it was read (a sync rewrote it from newer JIRA data)
    is left alone: whoever rewrote it, or the next pass over it, computes its values.
    """
    if not rows:
        return 0
    names = [quote(conn, name) for name, _ in columns]
    conn.execute(sa.text(
        f"CREATE TEMP TABLE {STAGE} ON COMMIT DROP AS "
        f"SELECT instance, issue_id, synced_at, {', '.join(names)} FROM {ISSUES_TABLE} WITH NO DATA"
    ))
    encoders = [copy_value] * 3 + [json_value if kind == "json" else copy_value for _, kind in columns]
    copy_into(conn, f"COPY {STAGE} FROM STDIN", copy_lines(rows, encoders))
    assignments = ", ".join(f"{name} = s.{name}" for name in names)
    written = conn.execute(sa.text(
        f"UPDATE {ISSUES_TABLE} t SET {assignments} FROM {STAGE} s "
        "WHERE t.instance = s.instance AND t.issue_id = s.issue_id AND t.synced_at = s.synced_at"
    )).rowcount
    # Dropped now, not at commit: a transaction may update columns more than once.
    conn.execute(sa.text(f"DROP TABLE {STAGE}"))
    return written
