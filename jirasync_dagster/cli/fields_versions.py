"""`jirasync fields list`, `add`, `history` and `rollback`: the mapping set and its versions."""

import click
import orjson
from rich.table import Table

from jirasync_dagster.cli.command_support import (
    actor,
    console,
    open_warehouse,
    parse_sources,
)
from jirasync_dagster.cli.fields_gaps import fill_advice
from jirasync_dagster.mapping import COLUMN_TYPES, FieldMapping
from jirasync_dagster.mapping.model import ALL_INSTANCES
from jirasync_dagster.mapping.rollout import cached_field_ids, rollout
from jirasync_dagster.mapping.serialization import source_to_data
from jirasync_dagster.warehouse.columns import existing_columns


def source_text(source) -> str:
    """A source as a short line: a field id, ids joined by commas, or its file form."""
    data = source_to_data(source)
    if isinstance(data, str):
        return data
    return ", ".join(data) if isinstance(data, list) else orjson.dumps(data).decode()


@click.command("list")
def list_command() -> None:
    """Every mapping, active first, with its source on each instance."""
    with open_warehouse() as (warehouse, store):
        mappings = store.load_all()
        with warehouse.engine.connect() as conn:
            known = set(cached_field_ids(conn))
    instances = sorted(known | {i for m in mappings for i in m.sources if i != ALL_INSTANCES}) or [ALL_INSTANCES]
    table = Table(title="field mappings")
    for heading in ("column", "type", "active", "group", *instances):
        table.add_column(heading)
    for m in sorted(mappings, key=lambda m: not m.active):
        sources = [source_text(s) if (s := m.source_for(i)) else "[dim]default[/dim]" for i in instances]
        table.add_row(m.column, m.type, "yes" if m.active else "[dim]no[/dim]", m.group, *sources,
                      style=None if m.active else "dim")
    console.print(table)


@click.command("add")
@click.argument("column")
@click.option("--type", "type_name", required=True, help=f"One of: {', '.join(COLUMN_TYPES)}.")
@click.option("--source", "sources", multiple=True, required=True, help="INSTANCE=FIELD_ID[,FIELD_ID…]; repeat per instance.")
@click.option("--group", default="custom", show_default=True, help="Group shown in listings.")
@click.option("--description", default="", help="What the column holds.")
def add_command(column: str, type_name: str, sources: tuple[str, ...], group: str, description: str) -> None:
    """Add (or replace) the mapping of COLUMN and create its column."""
    mapping = FieldMapping(column, type_name, group=group, description=description, sources=parse_sources(sources))
    with open_warehouse() as (_, store):
        version = store.upsert(mapping, actor(), on_apply=rollout())
    console.print(f"version {version}: mapping {column!r} saved; the next sync fills it "
                  f"(`jirasync fields backfill` fills it from raw where raw holds its fields)")


def change_summary(before: list[dict], after: list[dict]) -> str:
    """Which columns a version added, removed or changed."""
    old, new = ({m["column"]: m for m in side} for side in (before, after))
    parts = [f"{sign}{', '.join(columns)}" for sign, columns in (
        ("+", [c for c in new if c not in old]),
        ("-", [c for c in old if c not in new]),
        ("~", [c for c in new if c in old and new[c] != old[c]]),
    ) if columns]
    return " ".join(parts) or "no change"


@click.command("history")
def history_command() -> None:
    """Every version of the mapping set, oldest first (+ added, - removed, ~ changed)."""
    with open_warehouse() as (_, store):
        versions = store.history()
    table = Table(title="field mapping history")
    for heading in ("version", "changed at", "actor", "note", "columns"):
        table.add_column(heading)
    for v in versions:
        table.add_row(str(v["version"]), f"{v['changed_at']:%Y-%m-%d %H:%M:%S}", v["actor"], v["note"],
                      change_summary(v["before"], v["after"]))
    console.print(table)


@click.command("rollback")
@click.argument("version", type=int)
def rollback_command(version: int) -> None:
    """Restore the mapping set as it was after VERSION (recorded as a new version)."""
    with open_warehouse() as (warehouse, store):
        active_before = {m.column for m in store.load_active()}
        with warehouse.engine.connect() as conn:
            columns_before = set(existing_columns(conn))
        # The restored set was valid when recorded; a field deleted since only gives nulls.
        new_version = store.rollback(version, actor(), on_apply=rollout(check_fields=False))
        console.print(f"version {new_version}: mappings restored to version {version}")
        # Columns syncs write again may have missed values meanwhile (or lost them to a drop).
        with warehouse.engine.connect() as conn:
            for mapping in [m for m in store.load_active() if m.column not in active_before]:
                for line in fill_advice(conn, store.history(), mapping, recreated=mapping.column not in columns_before):
                    console.print(line, soft_wrap=True)
