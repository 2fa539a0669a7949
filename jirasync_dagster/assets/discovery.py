"""Discovery assets: the projects (and partitions) and the fields of every instance."""

from dagster import AssetExecutionContext, AssetsDefinition, MaterializeResult, asset

from jirasync_dagster.assets.instances import all_jira_resources
from jirasync_dagster.partitions import jira_projects_partitions
from jirasync_dagster.resources import resource_key
from jirasync_dagster.sync.discovery import discover_partitions
from jirasync_dagster.warehouse.catalog import store_fields


def build_discovery_assets(instances: list[str]) -> list[AssetsDefinition]:
    """`jira_projects` and `jira_fields` for the configured instances."""
    keys = {resource_key(name) for name in instances} | {"warehouse"}

    @asset(required_resource_keys=keys, group_name="jira", kinds={"jira", "postgres"})
    def jira_projects(context: AssetExecutionContext) -> MaterializeResult:
        """Every JIRA project of every instance, stored in jira_projects and registered as a partition."""
        engine = context.resources.warehouse.get().engine
        found: dict[str, list[str]] = {}
        for resource in all_jira_resources(context, instances):
            with resource.client(log=context.log) as client:
                found[resource.name] = discover_partitions(client, engine, context.log)
        wanted = [key for keys in found.values() for key in keys]
        existing = set(context.instance.get_dynamic_partitions(jira_projects_partitions.name))
        new = [key for key in wanted if key not in existing]
        if new:
            context.instance.add_dynamic_partitions(jira_projects_partitions.name, new)
        context.log.info(f"{len(wanted)} projects found, {len(new)} new partitions: {', '.join(new) or 'none'}")
        return MaterializeResult(metadata={
            "projects": len(wanted),
            "new_partitions": len(new),
            "partitions": ", ".join(wanted),
            **{f"projects_{name}": len(keys) for name, keys in found.items()},
        })

    @asset(required_resource_keys=keys, group_name="jira", kinds={"jira", "postgres"})
    def jira_fields(context: AssetExecutionContext) -> MaterializeResult:
        """The `/field` list of every instance, cached in jira_field_cache for mapping help."""
        counts = {}
        for resource in all_jira_resources(context, instances):
            with resource.client(log=context.log) as client:
                fields = client.fields(fresh=True)
            with context.resources.warehouse.get().engine.begin() as conn:
                counts[resource.name] = store_fields(conn, resource.name, fields)
        return MaterializeResult(metadata={f"fields_{name}": n for name, n in counts.items()})

    return [jira_projects, jira_fields]
