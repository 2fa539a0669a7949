"""The Dagster assets: discovery and the partitioned issue sync."""

from dagster import AssetsDefinition

from jirasync_dagster.assets.discovery import build_discovery_assets
from jirasync_dagster.assets.issues import build_issues_asset


def build_assets(instances: list[str]) -> list[AssetsDefinition]:
    """Every asset for the configured instances."""
    return [*build_discovery_assets(instances), build_issues_asset(instances)]
