"""jirasync_dagster: JIRA Cloud and Data Center mirrored into PostgreSQL by Dagster."""
