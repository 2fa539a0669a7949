"""The keys of the assets that map the warehouse's tables, shared by assets, jobs and sensors."""

from dagster import AssetKey

ISSUES = AssetKey("jira_issues")
CHANGELOG = AssetKey("jira_issue_changelog")
HISTORY = AssetKey("jira_sync_history")
STATISTICS = AssetKey("jira_sync_statistics")
