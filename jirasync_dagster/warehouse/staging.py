"""Rows staged by COPY in a temporary table shaped like their target, for one set-based statement."""

import sqlalchemy as sa

from jirasync_dagster.warehouse.copy_format import copy_lines, copy_value, json_value
from jirasync_dagster.warehouse.issue_rows import copy_into


def stage_rows(conn: sa.Connection, stage: str, target: sa.Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """COPY `rows` (values of `columns`, in order) into a new temporary table `stage` shaped like `target`."""
    conn.execute(sa.text(f"CREATE TEMP TABLE {stage} (LIKE {target.name} INCLUDING DEFAULTS) ON COMMIT DROP"))
    encoders = [json_value if name == "raw" else copy_value for name in columns]
    copy_into(conn, f"COPY {stage} ({', '.join(columns)}) FROM STDIN", copy_lines(rows, encoders))
