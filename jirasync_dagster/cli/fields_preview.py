"""`jirasync fields preview`: a mapping converted on sample issues fetched from JIRA now."""

import click
import orjson
from rich.table import Table
from rich.text import Text

from jirasync_dagster.cli.command_support import (
    console,
    jira_clients,
    open_warehouse,
    parse_sources,
)
from jirasync_dagster.mapping import COLUMN_TYPES, FieldMapping, IssueConverter
from jirasync_dagster.sync.jql import project_filter

RAW_WIDTH = 60


def chosen_mapping(column: str, type_name: str | None, sources: tuple[str, ...]) -> FieldMapping:
    """The mapping given inline by --source (and --type), else the saved one of `column`."""
    if sources:
        return FieldMapping(column, type_name or "string", sources=parse_sources(sources))
    with open_warehouse() as (_, store):
        saved = next((m for m in store.load_all() if m.column == column), None)
    if saved is None:
        raise click.ClickException(f"no saved mapping for {column!r}; give one inline with --type and --source")
    return saved


@click.command("preview")
@click.argument("column")
@click.option("--project", help="Project key to sample (default: each instance's first project).")
@click.option("--limit", default=10, show_default=True, help="Issues per instance.")
@click.option("--type", "type_name", type=click.Choice(COLUMN_TYPES), help="Type of an inline mapping.")
@click.option("--source", "sources", multiple=True, help="Inline source INSTANCE=FIELD_ID[,…] (repeatable).")
def preview_command(column: str, project: str | None, limit: int, type_name: str | None, sources: tuple[str, ...]) -> None:
    """Show COLUMN's values (and failures) on sample issues, before saving or syncing."""
    mapping = chosen_mapping(column, type_name, sources)
    table = Table(title=f"{column} ({mapping.type}) on sample issues")
    for heading in ("instance", "issue", "raw value", column, "problem"):
        table.add_column(heading, overflow="fold")
    failures = 0
    with jira_clients() as clients:
        for client in clients:
            converter = IssueConverter([mapping], client.name)
            if mapping.source_for(client.name) is None:
                console.print(f"{client.name}: no source, the column holds its default ({mapping.default!r})")
                continue
            keys = [p["key"] for p in client.projects()]
            sample_project = project or (keys[0] if keys else None)
            if sample_project not in keys:
                console.print(f"{client.name}: no project {sample_project!r} (has: {', '.join(keys) or 'none'})")
                continue
            pages = client.search_pages(project_filter(sample_project), converter.jira_fields, page_size=limit)
            for issue in next(pages).issues[:limit]:
                converted = converter.convert(issue)
                raw = {f: issue["fields"].get(f) for f in converter.jira_fields}
                problem = converted.failures.get(column, "")
                failures += bool(problem)
                table.add_row(client.name, issue["key"], orjson.dumps(raw).decode()[:RAW_WIDTH],
                              repr(converted.values[column]), Text(problem, style="red"))
    console.print(table)
    console.print(f"{failures} value(s) did not convert" if failures else "every value converted")
