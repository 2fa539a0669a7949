"""The Dagster assets: discovery, the partitioned issue sync and changelog, the sync history and its statistics."""

from dagster import AssetsDefinition, AssetSpec

from jirasync_dagster.assets.discovery import build_discovery_assets
from jirasync_dagster.assets.history import history_spec
from jirasync_dagster.assets.issues import build_issues_asset
from jirasync_dagster.assets.statistics import jira_sync_statistics


def build_assets(instances: list[str]) -> list[AssetsDefinition | AssetSpec]:
    """Every asset for the configured instances."""
    return [*build_discovery_assets(instances), build_issues_asset(instances), history_spec, jira_sync_statistics]
