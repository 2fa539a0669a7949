"""`jirasync sync`: discovery, then partitions as Dagster runs, with progress and a summary."""

import click
from dagster import DagsterInstance
from rich.console import Console
from rich.table import Table

from jirasync_dagster.cli.runs import (
    RunOutcome,
    run_discovery,
    run_partition_syncs,
)
from jirasync_dagster.automation.run_requests import registered_partitions
from jirasync_dagster.cli.sync_progress import sync_bars
from jirasync_dagster.cli.terminal import terminal
from jirasync_dagster.operations.projects import inactive_partitions
from jirasync_dagster.settings import ensure_dagster_home
from jirasync_dagster.warehouse import Warehouse, resolve_database_url


def sync_partitions(console: Console, partitions: tuple[str, ...] = (), full: bool = False) -> list[RunOutcome]:
    """Discover, then sync `partitions` (all when empty); returns every run's outcome."""
    from jirasync_dagster.definitions import build_definitions

    ensure_dagster_home()
    defs = build_definitions()
    instance = DagsterInstance.get()
    with console.status("discovering projects and fields…"):
        discovery = run_discovery(defs, instance)
    if not discovery.success:
        raise click.ClickException(f"discovery failed: {discovery.error}")
    available = registered_partitions(instance)
    unknown = [p for p in partitions if p not in available]
    if unknown:
        raise click.ClickException(
            f"unknown partitions: {', '.join(unknown)}; discovered: {', '.join(available) or 'none'}"
        )
    disabled = disabled_partitions()
    for partition in set(partitions) & disabled:
        console.print(f"note: {partition} is disabled; syncing it because it was named")
    wanted = list(partitions) or [p for p in available if p not in disabled]
    if disabled and not partitions:
        console.print(f"skipped (disabled): {', '.join(sorted(disabled))}")
    with sync_bars(console, len(wanted)) as bars:
        outcomes = run_partition_syncs(defs, instance, wanted, full=full, on_partition=bars.finished)
    console.print(summary_table(outcomes))
    return outcomes


def disabled_partitions() -> set[str]:
    """Partitions an operator disabled with `jirasync projects disable`."""
    warehouse = Warehouse(resolve_database_url())
    try:
        with warehouse.engine.connect() as conn:
            return inactive_partitions(conn)
    finally:
        warehouse.dispose()


def summary_table(outcomes: list[RunOutcome]) -> Table:
    """One line per partition run: status, counts and speed."""
    table = Table(title="sync summary")
    for name in ("partition", "status", "mode", "fetched", "inserted", "updated", "deleted", "seconds", "issues/s"):
        table.add_column(name, justify="left" if name in ("partition", "status", "mode") else "right")
    for o in outcomes:
        m = o.metadata
        table.add_row(
            o.partition, "ok" if o.success else "[red]failed[/red]", str(m.get("mode", "")),
            *(str(m.get(k, "")) for k in ("issues_fetched", "inserted", "updated", "deleted", "seconds", "issues_per_second")),
        )
    return table


@click.command("sync")
@click.argument("partitions", nargs=-1)
@click.option("--full", is_flag=True, help="Ignore watermarks and re-read every project.")
def sync_command(partitions: tuple[str, ...], full: bool) -> None:
    """Discover projects, then sync PARTITIONS (default: all) as Dagster runs."""
    console = terminal()
    outcomes = sync_partitions(console, partitions, full)
    failed = [o for o in outcomes if not o.success]
    for o in failed:
        console.print(f"[red]{o.partition}[/red]: {o.error}")
    if failed:
        raise SystemExit(1)
