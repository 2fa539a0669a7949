"""Writing issue rows: a COPY into a staging table and one merge per batch."""

import io
from dataclasses import dataclass, field

import sqlalchemy as sa

from jirasync_dagster.warehouse.copy_format import copy_row_lines, copy_value, json_value
from jirasync_dagster.warehouse.schema import ISSUES_TABLE, quote

# Core columns every row carries, in the order the sync produces them.
ROW_PREFIX = ("instance", "issue_id", "issue_key", "project_key", "updated", "raw")


@dataclass
class MergeCounts:
    """What one merge did to the table."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    moved: int = 0


@dataclass(frozen=True)
class RowLayout:
    """The columns of a row batch: the core prefix, then the mapped columns with their types."""

    mapped: tuple[tuple[str, str], ...]

    @property
    def columns(self) -> list[str]:
        """All column names in row order."""
        return [*ROW_PREFIX, *(name for name, _ in self.mapped)]

    @property
    def encoders(self) -> list:
        """A COPY encoder per column: JSON for raw and json columns, the general one otherwise."""
        json_columns = {"raw"} | {name for name, kind in self.mapped if kind == "json"}
        return [json_value if c in json_columns else copy_value for c in self.columns]


@dataclass
class EncodedRows:
    """Rows of a layout already in COPY text form: each issue id with its UTF-8 line (no newline)."""

    ids: list[int] = field(default_factory=list)
    lines: list[bytes] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def extend(self, other: "EncodedRows") -> None:
        """Append `other`'s rows after these."""
        self.ids += other.ids
        self.lines += other.lines

    def last_per_issue(self) -> "EncodedRows":
        """One row per issue id (the last seen), since a merge may touch a row only once."""
        by_id = dict(zip(self.ids, self.lines))
        return self if len(by_id) == len(self.ids) else EncodedRows(list(by_id), list(by_id.values()))

    def payload(self) -> bytes:
        """The COPY input: every line, each ended by a newline."""
        return b"\n".join(self.lines) + b"\n"


def encode_rows(rows: list[tuple], layout: RowLayout) -> EncodedRows:
    """`rows` (in layout order, issue id second) in COPY text form."""
    return EncodedRows([row[1] for row in rows], [line.encode() for line in copy_row_lines(rows, layout.encoders)])


def merge_rows(conn: sa.Connection, layout: RowLayout, rows: list[tuple] | EncodedRows, *,
               rewrite: bool = False) -> MergeCounts:
    """Upsert `rows` keyed on (instance, issue_id); unchanged or older issues are left untouched unless `rewrite`."""
    if not rows:
        return MergeCounts()
    rows = (rows if isinstance(rows, EncodedRows) else encode_rows(rows, layout)).last_per_issue()
    q = lambda name: quote(conn, name)  # noqa: E731 — identifiers are validated mapping names
    columns = layout.columns
    column_list = ", ".join(q(c) for c in columns)
    # Made afresh per merge: a stage kept on a pooled connection would miss columns that
    # schema sync added since (a new mapping), and the merge would fail. Rows up to 8 KB stay
    # inline and uncompressed in the stage: compressing `raw` there would cost as much as
    # parsing it, only to be undone for the table's uncompressed out-of-line storage.
    conn.execute(sa.text(
        f"CREATE TEMP TABLE jirasync_stage (LIKE {q(ISSUES_TABLE)} INCLUDING DEFAULTS) "
        "WITH (toast_tuple_target = 8160) ON COMMIT DROP"
    ))
    copy_into(conn, f"COPY jirasync_stage ({column_list}) FROM STDIN", rows.payload())
    moved = conn.execute(sa.text(
        f"SELECT count(*) FROM jirasync_stage s JOIN {q(ISSUES_TABLE)} t USING (instance, issue_id) "
        f"WHERE t.project_key <> s.project_key" + ("" if rewrite else f" AND ({_not_older('s')})")
    )).scalar()
    assignments = ", ".join(f"{q(c)} = EXCLUDED.{q(c)}" for c in columns[2:])
    # A full refresh (`rewrite`) takes JIRA's word for every row, as the way out of any doubt.
    changed = "" if rewrite else (
        f" WHERE ({_not_older('EXCLUDED')}) AND (t.updated IS DISTINCT FROM EXCLUDED.updated"
        " OR t.deleted_at IS NOT NULL OR t.issue_key <> EXCLUDED.issue_key OR t.project_key <> EXCLUDED.project_key)"
    )
    written = conn.execute(sa.text(
        f"INSERT INTO {q(ISSUES_TABLE)} AS t ({column_list}) SELECT {column_list} FROM jirasync_stage "
        f"ON CONFLICT (instance, issue_id) DO UPDATE SET {assignments}, synced_at = now(), deleted_at = NULL"
        f"{changed} RETURNING (xmax = 0) AS inserted"
    )).scalars().all()
    inserted = sum(1 for w in written if w)
    updated = len(written) - inserted
    return MergeCounts(inserted, updated, len(rows) - len(written), moved)


def _not_older(staged: str) -> str:
    """SQL: the staged row is at least as recent as the table's row `t`."""
    # Runs of other partitions write concurrently: a read older than the row must not win,
    # or an issue moved back and forth would be left in the project it already left.
    return f"{staged}.updated IS NULL OR t.updated IS NULL OR {staged}.updated >= t.updated"


_COPY_CHUNK = 1 << 20  # psycopg2 reads 8 KB at a time by default: a Python call per 2 issues


def copy_into(conn: sa.Connection, statement: str, payload: bytes) -> None:
    """Stream `payload` (COPY text lines in UTF-8) through COPY on this connection's psycopg2 cursor."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.copy_expert(statement, io.BytesIO(payload), size=_COPY_CHUNK)
    finally:
        cursor.close()
