"""The two jobs: discovery, and the partitioned sync."""

from dagster import AssetCheckKey, AssetSelection, define_asset_job, in_process_executor

from jirasync_dagster.assets.keys import ISSUES
from jirasync_dagster.assets.row_counts import MIRRORED_KEYS
from jirasync_dagster.automation.freshness import FRESHNESS_CHECK

jira_discovery_job = define_asset_job(
    "jira_discovery_job",
    selection=AssetSelection.assets("jira_projects", "jira_fields"),
    description="Discover the projects and fields of every JIRA instance.",
    executor_def=in_process_executor,
)

jira_sync_job = define_asset_job(
    "jira_sync_job",
    # The freshness check reads jira_sync_state for every project; the change sensor reports it.
    selection=AssetSelection.assets(*MIRRORED_KEYS) - AssetSelection.checks(AssetCheckKey(ISSUES, FRESHNESS_CHECK)),
    description="Sync JIRA projects (partitions `<instance>:<PROJECT>`) into jira_issues_v2 and the tables synced "
                "with it (changelogs, comments, links, versions, components, boards, sprints).",
    # One step, with its checks inside it: a second process would only repeat the ~1 s import
    # of Dagster and the code location that the run process has already paid.
    executor_def=in_process_executor,
)
