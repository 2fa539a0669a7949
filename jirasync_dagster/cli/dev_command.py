"""`jirasync dev`: the Dagster UI on the same persistent instance the CLI records runs in."""

import os
import sys

import click

from jirasync_dagster.settings import ensure_dagster_home


@click.command("dev", context_settings={"ignore_unknown_options": True})
@click.argument("dagster_args", nargs=-1, type=click.UNPROCESSED)
def dev_command(dagster_args: tuple[str, ...]) -> None:
    """Run `dagster dev -m jirasync_dagster` with DAGSTER_HOME defaulting to $JIRASYNC_HOME/dagster."""
    home = ensure_dagster_home()
    click.echo(f"DAGSTER_HOME={home}")
    os.execvp(sys.executable, [sys.executable, "-m", "dagster", "dev", "-m", "jirasync_dagster", *dagster_args])
