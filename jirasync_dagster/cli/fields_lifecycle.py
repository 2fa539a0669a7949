"""`jirasync fields disable`, `enable` and `remove`: a mapping's life after `add`, each change a version."""

import click

from jirasync_dagster.cli.command_support import actor, console, open_warehouse
from jirasync_dagster.cli.fields_gaps import fill_advice
from jirasync_dagster.mapping import MappingStore
from jirasync_dagster.mapping.rollout import dropping, rollout
from jirasync_dagster.mapping.store import find_mapping
from jirasync_dagster.warehouse.columns import existing_columns


def undo_hint(store: MappingStore, version: int) -> str:
    """The rollback command that restores the set as it was before `version`."""
    previous = max(v["version"] for v in store.history() if v["version"] < version)
    return f"undo: `jirasync fields rollback {previous}`"


def unchanged(column: str, state: str) -> None:
    """Say that COLUMN already was in `state`, so no version was recorded."""
    console.print(f"mapping {column!r} is already {state}; nothing changed")


@click.command("disable")
@click.argument("column")
def disable_command(column: str) -> None:
    """Stop syncs writing COLUMN; the values it holds stay in jira_issues_v2."""
    with open_warehouse() as (_, store):
        version = store.set_active(column, False, actor())
        if version is None:
            return unchanged(column, "disabled")
        console.print(f"version {version}: mapping {column!r} disabled; syncs stop writing {column} and its values "
                      f"stay in jira_issues_v2 ({undo_hint(store, version)})", soft_wrap=True)


@click.command("enable")
@click.argument("column")
def enable_command(column: str) -> None:
    """Let syncs write COLUMN again, and say what it missed while disabled and how to fill that."""
    with open_warehouse() as (warehouse, store):
        with warehouse.engine.connect() as conn:
            had_column = column in existing_columns(conn)
        version = store.set_active(column, True, actor(), on_apply=rollout())
        if version is None:
            return unchanged(column, "enabled")
        console.print(f"version {version}: mapping {column!r} enabled; syncs write {column} again "
                      f"({undo_hint(store, version)})", soft_wrap=True)
        with warehouse.engine.connect() as conn:
            mapping = find_mapping(store.load_all(), column)
            for line in fill_advice(conn, store.history(), mapping, recreated=not had_column):
                console.print(line, soft_wrap=True)


@click.command("remove")
@click.argument("column")
@click.option("--drop-column", is_flag=True, help="Also drop the column, and every value in it, from jira_issues_v2.")
@click.option("--yes", is_flag=True, help="Drop the column without asking.")
def remove_command(column: str, drop_column: bool, yes: bool) -> None:
    """Delete COLUMN's mapping; the column keeps its data unless --drop-column."""
    with open_warehouse() as (_, store):
        find_mapping(store.load_all(), column)  # an unknown column fails before any question
        if drop_column and not yes:
            current = store.history()[-1]["version"]
            click.confirm(f"Drop column {column} of jira_issues_v2 and every value in it? The data is gone for good: "
                          f"`jirasync fields rollback {current}` brings back the mapping and an empty column",
                          abort=True)
        note = f"remove {column}, drop its column" if drop_column else f"remove {column}"
        version = store.remove(column, actor(), note, on_apply=dropping(column) if drop_column else None)
        outcome = "dropped with its data" if drop_column else "keeps its data; no sync writes it"
        console.print(f"version {version}: mapping {column!r} removed; column {column} {outcome} "
                      f"({undo_hint(store, version)})", soft_wrap=True)
