"""Failures a user can act on: one clear `Error: …` line and exit status 1, never a traceback."""

import click
import sqlalchemy as sa

from jirasync_dagster.jira import ConfigurationError, JiraError
from jirasync_dagster.mapping import MappingError
from jirasync_dagster.warehouse import ColumnTypeConflict, PartitionBusyError

EXPECTED_FAILURES = (MappingError, ColumnTypeConflict, JiraError, ConfigurationError, PartitionBusyError,
                     ValueError, OSError, sa.exc.SQLAlchemyError)


class ClearErrorsGroup(click.Group):
    """A command group whose commands (and sub-groups) report expected failures as `Error: …`."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except EXPECTED_FAILURES as error:
            raise click.ClickException(str(error)) from None
