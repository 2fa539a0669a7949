"""`jirasync fields migrate` and `backfill`: columns rebuilt from raw, without calling JIRA."""

import dataclasses

import click
from rich.table import Table

from jirasync_dagster.cli.command_support import actor, console, open_warehouse
from jirasync_dagster.mapping import COLUMN_TYPES, column_sql_type
from jirasync_dagster.mapping.rollout import dropping
from jirasync_dagster.mapping.store import find_mapping
from jirasync_dagster.sync.rederive import RederiveReport, rederive_columns
from jirasync_dagster.warehouse.columns import ddl_type, existing_columns

batch_size_option = click.option("--batch-size", default=5000, show_default=True, help="Rows per transaction.")


def print_report(report: RederiveReport) -> None:
    """Rows re-derived, speed and conversion failures per column."""
    console.print(f"{report.rows} rows re-derived from raw in {report.seconds:.1f} s "
                  f"({report.rows_per_second:,.0f} rows/s); {report.skipped} skipped (synced meanwhile)")
    if report.failures:
        table = Table(title="values that did not convert (stored as NULL; raw keeps them)")
        table.add_column("column")
        table.add_column("failures", justify="right")
        for column, count in report.failures.most_common():
            table.add_row(column, str(count))
        console.print(table)


@click.command("backfill")
@click.option("--column", "columns", multiple=True, help="Only this column (repeatable); default: every active one.")
@batch_size_option
def backfill_command(columns: tuple[str, ...], batch_size: int) -> None:
    """Re-derive mapped columns of every row from its stored raw JSON."""
    with open_warehouse() as (warehouse, store):
        report = rederive_columns(warehouse.engine, store.load_all(), list(columns) or None, batch_size=batch_size)
    print_report(report)


@click.command("migrate")
@click.argument("column")
@click.option("--type", "type_name", type=click.Choice(COLUMN_TYPES), help="The new type (default: the mapping's).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@batch_size_option
def migrate_command(column: str, type_name: str | None, yes: bool, batch_size: int) -> None:
    """Change COLUMN's type: drop it, re-add it with the new type and re-derive it from raw."""
    with open_warehouse() as (warehouse, store):
        mapping = find_mapping(store.load_all(), column)
        mapping = dataclasses.replace(mapping, type=type_name or mapping.type)
        with warehouse.engine.connect() as conn:
            current = existing_columns(conn).get(column)
        wanted = ddl_type(column_sql_type(mapping.type))
        if current == wanted:
            raise click.ClickException(f"column {column!r} already is {wanted}; give the new type with --type")
        if not yes:
            click.confirm(f"Drop column {column} ({current or 'missing'}) of jira_issues_v2 and rebuild it "
                          f"as {wanted} from raw?", abort=True)
        version = store.upsert(mapping, actor(), on_apply=dropping(column))
        console.print(f"version {version}: {column} is now {wanted}")
        report = rederive_columns(warehouse.engine, store.load_all(), [column], batch_size=batch_size)
    print_report(report)
