"""`jirasync reset`: delete synced rows and watermarks, after showing what goes and asking."""

import click
from rich.table import Table

from jirasync_dagster.cli.command_support import open_warehouse
from jirasync_dagster.cli.terminal import terminal
from jirasync_dagster.operations.reset import execute_reset, plan_reset


@click.command("reset")
@click.argument("partitions", nargs=-1)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
def reset_command(partitions: tuple[str, ...], yes: bool) -> None:
    """Delete the synced rows and watermarks of PARTITIONS (default: all); mappings and history stay.

    The next sync of a reset partition reads the whole project again.
    """
    console = terminal()
    with open_warehouse() as (warehouse, _):
        with warehouse.engine.connect() as conn:
            plan = plan_reset(conn, list(partitions) or None)
        if not plan:
            console.print("nothing to reset: jira_issues_v2 and jira_sync_state are empty")
            return
        table = Table(title="reset will delete")
        for heading in ("partition", "rows of jira_issues_v2", "watermark"):
            table.add_column(heading, justify="right" if heading.startswith("rows") else "left")
        for item in plan:
            table.add_row(item.partition_key, str(item.rows), "yes" if item.watermark else "-")
        total = sum(item.rows for item in plan)
        table.add_section()
        table.add_row(f"{len(plan)} partition(s)", str(total), "")
        console.print(table)
        console.print("kept: field mappings and their history, discovered projects, the field cache, run history")
        if not yes and not click.confirm(f"Delete {total} rows and {sum(i.watermark for i in plan)} watermark(s)?",
                                         default=False):
            console.print("nothing was deleted")
            raise SystemExit(1)
        deleted = execute_reset(warehouse.engine, plan)
    console.print(f"deleted {deleted} rows from {len(plan)} partition(s); their next sync is a full read")
