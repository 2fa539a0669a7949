"""Backfill from raw: re-derive mapped columns of stored rows without calling JIRA."""

import time
from collections import Counter
from dataclasses import dataclass, field

import orjson
import sqlalchemy as sa

from jirasync_dagster.mapping import (
    FieldMapping,
    IssueConverter,
    TransitionSource,
    column_sql_type,
)
from jirasync_dagster.warehouse import add_missing_columns
from jirasync_dagster.warehouse.changelog import stored_histories
from jirasync_dagster.warehouse.column_updates import update_columns
from jirasync_dagster.warehouse.schema import ISSUES_TABLE


@dataclass
class RederiveReport:
    """What one backfill from raw did."""

    columns: list[str]
    rows: int = 0
    written: int = 0
    skipped: int = 0  # rows a concurrent sync rewrote between our read and our write
    batches: int = 0
    failures: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        """Rows re-derived per wall-clock second."""
        return round(self.rows / self.seconds, 1) if self.seconds else 0.0

    def as_metadata(self) -> dict:
        """Flat numbers and strings for run metadata."""
        return {
            "columns": ", ".join(self.columns), "rows": self.rows, "written": self.written,
            "skipped_concurrently_synced": self.skipped, "batches": self.batches,
            "conversion_failures": sum(self.failures.values()),
            "conversion_failures_by_column": dict(self.failures),
            "seconds": round(self.seconds, 3), "rows_per_second": self.rows_per_second,
        }


def rederive_columns(engine: sa.Engine, mappings: list[FieldMapping], columns: list[str] | None = None,
                     *, batch_size: int = 5000) -> RederiveReport:
    """Recompute `columns` (default: every active mapping) of every row from its `raw`, in batches."""
    active = [m for m in mappings if m.active]
    chosen = [m for m in active if columns is None or m.column in columns]
    unknown = sorted(set(columns or ()) - {m.column for m in chosen})
    if unknown:
        raise ValueError(f"no active mapping for column(s) {', '.join(unknown)}; see `jirasync fields list`")
    report = RederiveReport([m.column for m in chosen])
    if not chosen:
        return report
    started = time.monotonic()
    with engine.begin() as conn:
        add_missing_columns(conn, {m.column: column_sql_type(m.type) for m in chosen})
    converters: dict[str, IssueConverter] = {}
    from_changelog = any(isinstance(s, TransitionSource) for m in chosen for s in m.sources.values())
    after: tuple[str, int] = ("", -1)
    while True:
        with engine.begin() as conn:
            batch = _read_batch(conn, after, batch_size)
            if not batch:
                break
            rows = []
            # Transition columns come from the stored complete changelogs (jira_issue_changelog).
            changelogs = stored_histories(conn, [(i, n) for i, n, _, _ in batch]) if from_changelog else {}
            for instance, issue_id, synced_at, raw in batch:
                if instance not in converters:
                    converters[instance] = IssueConverter(chosen, instance)
                converted = converters[instance].convert(orjson.loads(raw), changelogs.get((instance, issue_id)))
                report.failures.update(converted.failures.keys())
                rows.append((instance, issue_id, synced_at, *(converted.values.get(m.column) for m in chosen)))
            report.written += update_columns(conn, [(m.column, m.type) for m in chosen], rows)
        report.rows += len(batch)
        report.batches += 1
        after = (batch[-1][0], batch[-1][1])
    report.skipped = report.rows - report.written
    report.seconds = time.monotonic() - started
    return report


def _read_batch(conn: sa.Connection, after: tuple[str, int], size: int) -> list[tuple]:
    # Keyset on the primary key: each batch is an index range scan, however far we are.
    # raw comes as text so orjson parses it, several times faster than psycopg2's json.
    return conn.execute(sa.text(
        f"SELECT instance, issue_id, synced_at, raw::text FROM {ISSUES_TABLE} "
        "WHERE (instance, issue_id) > (:instance, :issue_id) ORDER BY instance, issue_id LIMIT :size"
    ), {"instance": after[0], "issue_id": after[1], "size": size}).all()
