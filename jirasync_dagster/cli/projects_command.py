"""`jirasync projects`: every discovered project with its partition, state and rows; enable/disable."""

import click
from rich.markup import escape
from rich.table import Table

from jirasync_dagster.cli.command_support import jira_clients, open_warehouse
from jirasync_dagster.cli.terminal import terminal
from jirasync_dagster.operations.projects import (
    ProjectNotFound,
    project_statuses,
    resolve_project,
    set_active,
)
from jirasync_dagster.warehouse.catalog import store_projects


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S %Z") if moment else "never"


def print_projects(console) -> int:
    """The projects table; returns how many projects there are."""
    with open_warehouse() as (warehouse, _), warehouse.engine.connect() as conn:
        statuses = project_statuses(conn)
    if not statuses:
        console.print("no projects discovered yet: run `jirasync projects --discover` or `jirasync sync`")
        return 0
    table = Table(title="JIRA projects (partitions of jira_sync_job)")
    for heading in ("partition", "name", "active", "issues", "deleted", "last successful sync", "last checked", "watermark"):
        table.add_column(heading, justify="right" if heading in ("issues", "deleted") else "left")
    for s in statuses:
        active = "[red]removed[/red]" if s.removed_at else ("yes" if s.active else "[yellow]disabled[/yellow]")
        table.add_row(s.partition_key, escape(s.name or ""), active, str(s.live_rows), str(s.deleted_rows),
                      _when(s.last_sync_at), _when(s.last_checked_at) if s.last_checked_at else "-", _when(s.watermark))
    console.print(table)
    disabled = [s.partition_key for s in statuses if not s.active]
    if disabled:
        console.print(f"disabled (skipped by `jirasync sync`, the schedule and sensors; rows kept): "
                      f"{', '.join(disabled)}")
    return len(statuses)


@click.group("projects", invoke_without_command=True)
@click.option("--discover", is_flag=True, help="Ask every JIRA instance for its projects first.")
@click.pass_context
def projects_command(ctx: click.Context, discover: bool) -> None:
    """Discovered projects with partition key, active flag, issue count, last sync and watermark."""
    if ctx.invoked_subcommand is not None:
        return
    console = terminal()
    if discover:
        with open_warehouse() as (warehouse, _), jira_clients() as clients:
            for client in clients:
                with warehouse.engine.begin() as conn:
                    keys = store_projects(conn, client.name, client.projects())
                console.print(f"{client.name}: {len(keys)} projects")
    print_projects(console)


def _switch(reference: str, active: bool) -> None:
    console = terminal()
    with open_warehouse() as (warehouse, _), warehouse.engine.begin() as conn:
        try:
            partition = resolve_project(conn, reference)
        except ProjectNotFound as error:
            raise click.ClickException(str(error)) from None
        changed = set_active(conn, partition, active)
    state = "enabled" if active else "disabled"
    if not changed:
        console.print(f"{partition} was already {state}")
    elif active:
        console.print(f"{partition} enabled: the schedule, sensors and `jirasync sync` sync it again "
                      "(incrementally, from its watermark)")
    else:
        console.print(f"{partition} disabled: skipped by the schedule, sensors and `jirasync sync`; "
                      "its rows stay in jira_issues_v2 (`jirasync reset` deletes them)")


@projects_command.command("disable")
@click.argument("project")
def disable_command(project: str) -> None:
    """Stop syncing PROJECT (instance_1:ENG, or ENG when only one instance has it); rows are kept."""
    _switch(project, False)


@projects_command.command("enable")
@click.argument("project")
def enable_command(project: str) -> None:
    """Sync PROJECT again (instance_1:ENG, or ENG when only one instance has it)."""
    _switch(project, True)
