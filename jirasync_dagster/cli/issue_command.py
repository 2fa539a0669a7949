"""`jirasync issue KEY`: the issue in JIRA now beside its row in jira_issues_v2, column by column."""

import datetime

import click
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from jirasync_dagster.cli.command_support import jira_clients, open_warehouse
from jirasync_dagster.cli.terminal import terminal
from jirasync_dagster.operations.issue_check import (
    IssueCheck,
    compare_issue,
    fetch_issue,
    resync_issue,
    sync_fields,
    validate_issue_key,
)
from jirasync_dagster.operations.issue_parts import PART_FIELDS, PartCount, part_counts
from jirasync_dagster.sync.sprint_membership import sprint_fields

VALUE_WIDTH = 50


def _text(value) -> str:
    if isinstance(value, (datetime.datetime, datetime.date)):
        text = value.isoformat(sep=" ", timespec="milliseconds") if isinstance(value, datetime.datetime) else str(value)
    else:
        text = "NULL" if value is None else repr(value) if not isinstance(value, str) else value
    return text if len(text) <= VALUE_WIDTH else text[:VALUE_WIDTH - 1] + "…"


def print_check(console, check: IssueCheck) -> None:
    """The comparison table and a one-line verdict."""
    table = Table(title=f"{check.instance} {check.key}: JIRA now vs jira_issues_v2 (row {check.row_state})")
    for heading in ("column", "JIRA (mapped)", "warehouse", "", "why"):
        table.add_column(heading, overflow="fold")
    for c in check.columns:
        mark = Text("ok", style="green") if c.same else Text("DIFFERS", style="bold red")
        table.add_row(c.column, escape(_text(c.jira)), escape(_text(c.warehouse)), mark, escape(c.reason))
    console.print(table)
    console.print(f"JIRA updated {_text(check.jira_updated)}; row updated {_text(check.row_updated)}; "
                  f"partition watermark {_text(check.watermark)}", highlight=False)


def print_parts(console, parts: list[PartCount]) -> None:
    """The issue's comments, links, sprints and changelog: JIRA's count beside the warehouse's."""
    table = Table(title="related rows: JIRA now vs the warehouse")
    for heading in ("part", "JIRA", "warehouse", ""):
        table.add_column(heading)
    for part in parts:
        mark = Text("ok", style="green") if part.same else Text("DIFFERS", style="bold red")
        table.add_row(part.name, "-" if part.jira is None else str(part.jira), str(part.warehouse), mark)
    console.print(table)


@click.command("issue")
@click.argument("key")
@click.option("--instance", help="Instance to look in (default: every configured one).")
@click.option("--sync", "resync", is_flag=True, help="Re-sync just this issue now (the watermark is not moved).")
def issue_command(key: str, instance: str | None, resync: bool) -> None:
    """Fetch issue KEY from JIRA now and compare its mapped values with the warehouse row; exit 1 on differences."""
    console = terminal()
    key = validate_issue_key(key)
    with open_warehouse() as (warehouse, store), jira_clients() as clients:
        names = [c.name for c in clients]
        if instance is not None and instance not in names:
            raise click.ClickException(f"no instance {instance!r}; configured: {', '.join(names)}")
        mappings = store.load_active()
        found = []
        for client in clients:
            if instance in (None, client.name):
                sprints = sprint_fields(client, warehouse)
                issue = fetch_issue(client, key, [*sync_fields(mappings, client.name), *PART_FIELDS, *sprints])
                if issue is not None:
                    found.append((client.name, issue, sprints, client.connection.skip))
        if not found:
            where = instance or ", ".join(names)
            raise click.ClickException(f"JIRA has no issue {key} on {where} (or this account may not see it)")
        if len(found) > 1:
            raise click.ClickException(f"{key} exists on {', '.join(f[0] for f in found)}; choose one with --instance")
        name, issue, sprints, skipped = found[0]
        partition = f"{name}:{(issue['fields'].get('project') or {}).get('key', key.rsplit('-', 1)[0])}"
        with warehouse.engine.connect() as conn:
            check = compare_issue(conn, name, issue, mappings, partition)
            parts = part_counts(conn, name, issue, sprints, skipped)
        print_check(console, check)
        print_parts(console, parts)
        if resync:
            client = next(c for c in clients if c.name == name)
            resync_issue(client, warehouse, issue, mappings, partition)
            with warehouse.engine.connect() as conn:
                check = compare_issue(conn, name, issue, mappings, partition)
                parts = part_counts(conn, name, issue, sprints, skipped)
            console.print(f"re-synced {key} into jira_issues_v2 (watermark of {partition} unchanged)")
            print_check(console, check)
            print_parts(console, parts)
    differences = check.differences
    if differences:
        console.print(f"[red]{len(differences)} column(s) differ[/red]" +
                      ("" if resync else f"; `jirasync issue {key} --sync` re-syncs this issue now"))
        raise SystemExit(1)
    uneven = [p.name for p in parts if not p.same]
    if uneven:
        console.print(f"[red]{', '.join(uneven)} differ from JIRA[/red]"
                      + ("" if resync else f"; `jirasync issue {key} --sync` rewrites them now"), soft_wrap=True)
        raise SystemExit(1)
    console.print(f"{key}: every column matches JIRA")
