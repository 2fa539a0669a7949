"""The `jirasync` command: everyday tasks around the Dagster project."""

import click

from jirasync_dagster.cli.demo import demo_command
from jirasync_dagster.cli.dev_command import dev_command
from jirasync_dagster.cli.doctor_command import doctor_command
from jirasync_dagster.cli.env_file import load_env_file
from jirasync_dagster.cli.failures import ClearErrorsGroup
from jirasync_dagster.cli.fields_command import fields_command
from jirasync_dagster.cli.history_command import history_command
from jirasync_dagster.cli.issue_command import issue_command
from jirasync_dagster.cli.projects_command import projects_command
from jirasync_dagster.cli.reset_command import reset_command
from jirasync_dagster.cli.sandbox_command import sandbox_command
from jirasync_dagster.cli.sync_command import sync_command


@click.group(cls=ClearErrorsGroup)
@click.pass_context
def main(context: click.Context) -> None:
    """Mirror JIRA into PostgreSQL with Dagster (settings from the environment, then ./.env)."""
    # Names only (never values) for `jirasync doctor` to show where the settings came from.
    context.obj = {"env_file": load_env_file()}


main.add_command(demo_command)
main.add_command(dev_command)
main.add_command(fields_command)
main.add_command(history_command)
main.add_command(doctor_command)
main.add_command(sandbox_command)
main.add_command(sync_command)
main.add_command(issue_command)
main.add_command(projects_command)
main.add_command(reset_command)
