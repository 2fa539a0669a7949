"""jirasync_dagster: JIRA Cloud and Data Center mirrored into PostgreSQL by Dagster."""

from jirasync_dagster.definitions import build_definitions, defs

__all__ = ["build_definitions", "defs"]
