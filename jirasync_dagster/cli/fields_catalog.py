"""`jirasync fields discover` and `suggest`: what fields each instance has, and which one fits."""

import click
import sqlalchemy as sa
from rich.table import Table

from jirasync_dagster.cli.command_support import console, jira_clients, open_warehouse
from jirasync_dagster.mapping import COLUMN_TYPES
from jirasync_dagster.mapping.suggest import column_name_for, suggest_fields
from jirasync_dagster.warehouse.catalog import store_fields
from jirasync_dagster.warehouse.schema import field_cache


@click.command("discover")
def discover_command() -> None:
    """Fetch the /field list of every instance into jira_field_cache."""
    table = Table(title="fields cached in jira_field_cache")
    for name in ("instance", "fields", "custom"):
        table.add_column(name, justify="left" if name == "instance" else "right")
    with open_warehouse() as (warehouse, _), jira_clients() as clients:
        for client in clients:
            fields = client.fields(fresh=True)
            with warehouse.engine.begin() as conn:
                stored = store_fields(conn, client.name, fields)
            table.add_row(client.name, str(stored), str(sum(1 for f in fields if f.get("custom"))))
    console.print(table)


@click.command("suggest")
@click.argument("name")
@click.option("--type", "type_name", type=click.Choice(COLUMN_TYPES), help="Prefer fields of this column type.")
def suggest_command(name: str, type_name: str | None) -> None:
    """The best matching field on each instance for a logical NAME (e.g. "story points")."""
    with open_warehouse() as (warehouse, _), warehouse.engine.connect() as conn:
        rows = [dict(row) for row in conn.execute(sa.select(field_cache)).mappings()]
    if not rows:
        raise click.ClickException("jira_field_cache is empty; run `jirasync fields discover` first")
    found = suggest_fields(name, rows, type_name)
    if not found:
        raise click.ClickException(f"no field on any instance looks like {name!r}; `jirasync fields list` "
                                   "shows the mapped ones, jira_field_cache every field")
    table = Table(title=f"fields like {name!r}")
    for heading in ("instance", "field id", "name", "column type", "score"):
        table.add_column(heading)
    for candidates in found.values():
        for rank, c in enumerate(candidates):
            style = "bold green" if rank == 0 else "dim"
            table.add_row(c.instance, c.field_id, c.name, c.column_type, f"{c.score:.2f}", style=style)
    console.print(table)
    best = [candidates[0] for candidates in found.values()]
    sources = " ".join(f"--source {c.instance}={c.field_id}" for c in best)
    console.print(f"add it with: jirasync fields add {column_name_for(name)} "
                  f"--type {type_name or best[0].column_type} {sources}", soft_wrap=True, markup=False)
