"""`jirasync dev`: the Dagster UI on the same persistent instance the CLI records runs in."""

import os
import shutil
import signal
import sys
from pathlib import Path

import click

from jirasync_dagster.settings import ensure_dagster_home


@click.command("dev", context_settings={"ignore_unknown_options": True})
@click.argument("dagster_args", nargs=-1, type=click.UNPROCESSED)
def dev_command(dagster_args: tuple[str, ...]) -> None:
    """Run `dg dev -m jirasync_dagster` with DAGSTER_HOME defaulting to $JIRASYNC_HOME/dagster."""
    home = ensure_dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    click.echo(f"DAGSTER_HOME={home}")
    # A script's `jirasync dev &` inherits SIGINT ignored, and Dagster's dev command gives SIGTERM SIGINT's handler:
    # without this, `kill` would be ignored too, and a SIGKILL would leave the webserver and daemon running.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # From DAGSTER_HOME, Dagster does not warn about a dagster.yaml in the current folder (the
    # repository root has one) that it will not use; ./.env was already read by `jirasync`.
    os.chdir(home)
    dg = dg_command()
    os.execv(dg, [dg, "dev", "-m", "jirasync_dagster", *dagster_args])


def dg_command() -> str:
    """The `dg` executable installed with this package (dagster-dg-cli)."""
    beside = Path(sys.executable).with_name("dg")
    found = str(beside) if beside.exists() else shutil.which("dg")
    if found is None:
        raise click.ClickException("`dg` was not found: pip install 'dagster-dg-cli>=1.13,<1.14' "
                                   "(a dependency of jirasync_dagster; reinstall the package)")
    return found
