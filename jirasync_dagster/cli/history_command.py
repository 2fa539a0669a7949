"""`jirasync history`: recent syncs from the Dagster run storage."""

import sys

import click
from dagster import DagsterInstance
from rich.console import Console
from rich.table import Table

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


@click.command("history")
@click.option("--limit", default=20, show_default=True, help="How many runs to show, newest first.")
@click.option("--partition", default=None, help="Only this partition, e.g. instance_1:ENG.")
def history_command(limit: int, partition: str | None) -> None:
    """Show recent syncs (partition, status, counts, duration) from the Dagster run storage."""
    ensure_dagster_home()
    instance = DagsterInstance.get()
    runs = sync_runs(instance, limit=limit, partition=partition)
    # Wide when piped, so run ids and counts are never folded.
    console = Console() if sys.stdout.isatty() else Console(width=200)
    console.print(history_table(runs) if runs else "no sync has run yet")
