"""Schema sync: every active mapping has its column in jira_issues_v2, added and never altered."""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from jirasync_dagster.warehouse.locks import transaction_lock
from jirasync_dagster.warehouse.schema import CORE_COLUMNS, ISSUES_TABLE, ensure_filter_indexes, quote


class ColumnTypeConflict(ValueError):
    """A mapping asks for a type that an existing column does not have."""


def existing_columns(conn: sa.Connection, table: str = ISSUES_TABLE) -> dict[str, str]:
    """Column name -> Postgres type (as `format_type` writes it) of `table`."""
    rows = conn.execute(sa.text(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
        "WHERE a.attrelid = to_regclass(:table) AND a.attnum > 0 AND NOT a.attisdropped"
    ), {"table": table})
    return {name: kind for name, kind in rows}


def ddl_type(sql_type: sa.types.TypeEngine) -> str:
    """The Postgres spelling of a SQLAlchemy type, comparable with `format_type`."""
    return sql_type.compile(dialect=postgresql.dialect()).lower()


def column_conflicts(conn: sa.Connection, wanted: dict[str, sa.types.TypeEngine]) -> list[str]:
    """Messages for every wanted column whose existing type differs."""
    have = existing_columns(conn)
    problems = []
    for name, sql_type in wanted.items():
        if name in CORE_COLUMNS:
            problems.append(f"column {name!r} is a core column of {ISSUES_TABLE}; choose another name")
        elif name in have and have[name] != ddl_type(sql_type):
            problems.append(
                f"column {name!r} exists as {have[name]} but the mapping asks for {ddl_type(sql_type)}; "
                f"types are never changed implicitly — run `jirasync fields migrate {name}` to rebuild "
                "the column from raw with the new type"
            )
    return problems


def add_missing_columns(conn: sa.Connection, wanted: dict[str, sa.types.TypeEngine]) -> list[str]:
    """Add each wanted column that is missing (add-only); refuse type changes. Returns the added names."""
    transaction_lock(conn, "schema")
    problems = column_conflicts(conn, wanted)
    if problems:
        raise ColumnTypeConflict("; ".join(problems))
    have = existing_columns(conn)
    added = []
    for name, sql_type in wanted.items():
        if name not in have:
            conn.execute(sa.text(
                f"ALTER TABLE {quote(conn, ISSUES_TABLE)} ADD COLUMN IF NOT EXISTS {quote(conn, name)} {ddl_type(sql_type)}"
            ))
            added.append(name)
    ensure_filter_indexes(conn)  # e.g. the `status` index, once its mapped column exists
    return added
