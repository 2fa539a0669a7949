"""The two jobs: discovery, and the partitioned sync."""

from dagster import AssetSelection, define_asset_job

jira_discovery_job = define_asset_job(
    "jira_discovery_job",
    selection=AssetSelection.assets("jira_projects", "jira_fields"),
    description="Discover the projects and fields of every JIRA instance.",
)

jira_sync_job = define_asset_job(
    "jira_sync_job",
    selection=AssetSelection.assets("jira_issues"),
    description="Sync one JIRA project (partition `<instance>:<PROJECT>`) into jira_issues_v2.",
)
