"""Resources, chosen from the environment in one place."""

import os

from dagster import EnvVar

from jirasync_dagster.resources.jira_resource import (
    JiraResource,
    jira_resources_from_env,
    resource_key,
)
from jirasync_dagster.resources.warehouse_resource import (
    FieldMappingResource,
    WarehouseResource,
)


def build_resources() -> dict:
    """Every resource for this environment: the JIRA instances, the warehouse and the mappings."""
    warehouse = WarehouseResource(
        # The URL may carry a password, so it stays an EnvVar; unset means embedded Postgres.
        database_url=EnvVar("JIRASYNC_DATABASE_URL") if os.environ.get("JIRASYNC_DATABASE_URL") else None
    )
    return {
        **jira_resources_from_env(),
        "warehouse": warehouse,
        "field_mappings": FieldMappingResource(warehouse=warehouse),
    }


__all__ = ["FieldMappingResource", "JiraResource", "WarehouseResource", "build_resources", "resource_key"]
