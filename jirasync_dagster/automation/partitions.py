"""Which partitions automation may sync: registered in Dagster, present in JIRA and not disabled."""

from dagster import DagsterInstance

from jirasync_dagster.partitions import jira_projects_partitions
from jirasync_dagster.warehouse.catalog import active_partitions


def syncable_partitions(instance: DagsterInstance, engine) -> list[str]:
    """Active projects (jira_projects.active, not removed) that are registered partitions."""
    registered = set(instance.get_dynamic_partitions(jira_projects_partitions.name))
    with engine.connect() as conn:
        return [key for key in active_partitions(conn) if key in registered]
