"""`jirasync fields export` and `import`: the mapping set as a YAML file (or a legacy JSON one)."""

from pathlib import Path

import click
import orjson
from rich.markup import escape

from jirasync_dagster.cli.command_support import actor, console, open_warehouse
from jirasync_dagster.mapping import (
    MappingError,
    convert_legacy_mapping,
    dump_mapping_file,
    load_mapping_file,
)
from jirasync_dagster.mapping.rollout import rollout


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
def export_command(file: str) -> None:
    """Write every mapping to FILE as YAML (`-` for standard output)."""
    with open_warehouse() as (_, store):
        text = dump_mapping_file(store.load_all())
    if file == "-":
        click.echo(text, nl=False)
    else:
        Path(file).write_text(text)
        console.print(f"mappings written to {file}")


def read_legacy(path: Path):
    """Mappings of the previous system's field_mappings.json; its warnings are printed."""
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as error:
        raise MappingError(f"{path} is not valid JSON: {error}") from None
    mappings, warnings = convert_legacy_mapping(data)
    for warning in warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}", highlight=False)
    return mappings


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from-legacy", is_flag=True, help="FILE is the previous system's field_mappings.json.")
@click.option("--replace", is_flag=True, help="FILE is the whole set: mappings it lacks are removed.")
def import_command(file: Path, from_legacy: bool, replace: bool) -> None:
    """Check the whole FILE, then apply it in one transaction and add its new columns."""
    mappings = read_legacy(file) if from_legacy else load_mapping_file(file.read_text())
    note = f"import {file.name}" + (" (replace)" if replace else "")
    with open_warehouse() as (_, store):
        apply = store.apply if replace else store.merge
        version = apply(mappings, actor(), note, on_apply=rollout())
    console.print(f"version {version}: {len(mappings)} mappings imported from {file}")
