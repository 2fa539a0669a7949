"""`jirasync fields …`: the field mappings from discovery to backfill."""

import click

from jirasync_dagster.cli.fields_catalog import discover_command, suggest_command
from jirasync_dagster.cli.fields_files import export_command, import_command
from jirasync_dagster.cli.fields_lifecycle import disable_command, enable_command, remove_command
from jirasync_dagster.cli.fields_preview import preview_command
from jirasync_dagster.cli.fields_rebuild import backfill_command, migrate_command
from jirasync_dagster.cli.fields_verify import verify_command
from jirasync_dagster.cli.fields_versions import (
    add_command,
    history_command,
    list_command,
    rollback_command,
)


@click.group("fields")
def fields_command() -> None:
    """Field mappings: discover, list, suggest, preview, add, disable, enable, remove, export, import, history, …"""


for command in (discover_command, list_command, suggest_command, preview_command, add_command, disable_command,
                enable_command, remove_command, export_command, import_command, history_command, rollback_command,
                migrate_command, backfill_command, verify_command):
    fields_command.add_command(command)
