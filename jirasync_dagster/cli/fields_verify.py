"""`jirasync fields verify`: mappings checked against each instance's fields and recent issues."""

import click
from rich.markup import escape
from rich.table import Table

from jirasync_dagster.cli.command_support import console, jira_clients, open_warehouse
from jirasync_dagster.operations.verify import (
    KINDS,
    custom_field_ids,
    mapping_problems,
    unmapped_with_data,
)
from jirasync_dagster.warehouse.catalog import store_fields


def recent_issues(client, fields: list[str], limit: int) -> list[dict]:
    """Up to `limit` of the newest issues (highest ids) of the instance's visible projects."""
    keys = [p["key"] for p in client.projects()]
    if not keys:
        return []
    scope = "project in (" + ", ".join(f'"{k}"' for k in keys) + ")"
    bounds = client.id_bounds(scope)
    if bounds is None:
        return []
    sample: list[dict] = []
    for page in client.search_pages(f"{scope} AND id > {bounds[1] - limit}", fields, page_size=limit):
        sample.extend(page.issues)
        if len(sample) >= limit:
            break
    return sample[:limit]


@click.command("verify")
@click.option("--sample", default=50, show_default=True, help="Recent issues per instance checked for unmapped data.")
@click.option("--allow-unmapped", is_flag=True, help="Report unmapped fields with data without failing.")
def verify_command(sample: int, allow_unmapped: bool) -> None:
    """Missing source fields, type mismatches, column conflicts and unmapped fields with data; exit 1 if any.

    Refreshes jira_field_cache from every instance first, so the checks see the fields JIRA has now.
    """
    with open_warehouse() as (warehouse, store), jira_clients() as clients:
        mappings = store.load_all()
        with warehouse.engine.begin() as conn:
            for client in clients:  # checks run against the fields JIRA has now
                store_fields(conn, client.name, client.fields())
            problems = mapping_problems(conn, mappings)
            for client in clients:
                issues = recent_issues(client, custom_field_ids(conn, client.name), sample)
                problems += unmapped_with_data(conn, mappings, client.name, issues)
    active = sum(m.active for m in mappings)
    if not problems:
        console.print(f"{active} active mappings verified on {', '.join(c.name for c in clients)}: no problems")
        return
    table = Table(title="field mapping problems")
    for heading in ("problem", "instance", "column", "detail", "fix"):
        table.add_column(heading, overflow="fold")
    for p in problems:
        table.add_row(KINDS[p.kind], p.instance, p.column, escape(p.message), escape(p.fix))
    console.print(table)
    failing = [p for p in problems if not (allow_unmapped and p.kind == "unmapped_data")]
    counts = ", ".join(f"{sum(p.kind == k for p in problems)} {text}" for k, text in KINDS.items()
                       if any(p.kind == k for p in problems))
    console.print(f"{len(problems)} problem(s): {counts}")
    if failing:
        raise SystemExit(1)
