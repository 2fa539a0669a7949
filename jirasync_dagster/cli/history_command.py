"""`jirasync history`: recent syncs from the Dagster run storage, or (`--stats`) the statistics of jira_sync_history."""

import sys
from datetime import datetime, timezone

import click
from dagster import DagsterInstance
from rich.console import Console
from rich.table import Table

from jirasync_dagster.cli.command_support import open_warehouse
from jirasync_dagster.history import SyncRun, sync_runs
from jirasync_dagster.settings import ensure_dagster_home

COUNTS = ("issues_fetched", "inserted", "updated", "deleted")


def history_table(runs: list[SyncRun]) -> Table:
    """One line per sync run: partition, status, counts from its metadata, duration."""
    table = Table(title="recent syncs")
    for name in ("started", "partition", "status", "trigger", "mode", *COUNTS, "seconds", "run"):
        table.add_column(name, justify="right" if name in (*COUNTS, "seconds") else "left")
    for run in runs:
        m = run.metadata
        table.add_row(
            run.started_at.strftime("%Y-%m-%d %H:%M:%S") if run.started_at else "", run.partition or "",
            run.status, run.trigger or "manual", str(m.get("mode", "")), *(str(m.get(k, "")) for k in COUNTS),
            "" if run.seconds is None else f"{run.seconds:.1f}", run.run_id,
        )
    return table


def statistics_table(partition: str | None = None) -> Table | str:
    """The figures of the jira_sync_statistics asset, computed now from jira_sync_history by the same function."""
    from jirasync_dagster.history.statistics import compute_statistics, read_history
    from jirasync_dagster.history.statistics_table import HEADERS, NUMERIC, statistics_rows

    with open_warehouse() as (warehouse, _):
        history = read_history(warehouse.engine)
    if partition:
        history = history[history["partition_key"] == partition]
    if history.empty:
        return "no sync recorded in jira_sync_history yet"
    table = Table(title=f"sync statistics ({len(history)} runs and partitions in jira_sync_history)")
    for name in HEADERS:
        table.add_column(name, justify="right" if name in NUMERIC else "left")
    for row in statistics_rows(compute_statistics(history, datetime.now(timezone.utc))):
        table.add_row(*row)
    return table


@click.command("history")
@click.option("--limit", default=20, show_default=True, help="How many runs to show, newest first.")
@click.option("--partition", default=None, help="Only this partition, e.g. instance_1:ENG (with --stats too).")
@click.option("--stats", is_flag=True, help="Runs, success rate, issues, mean and p95 seconds, issues/s per project "
              "and overall, for 7 days, 30 days and all time (from jira_sync_history).")
def history_command(limit: int, partition: str | None, stats: bool) -> None:
    """Show recent syncs (partition, status, counts, duration) from the Dagster run storage, or their statistics."""
    # Wide when piped, so run ids and counts are never folded.
    console = Console() if sys.stdout.isatty() else Console(width=200)
    if stats:
        console.print(statistics_table(partition))
        return
    ensure_dagster_home()
    runs = sync_runs(DagsterInstance.get(), limit=limit, partition=partition)
    console.print(history_table(runs) if runs else "no sync has run yet")
