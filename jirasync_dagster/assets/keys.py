"""The keys of the assets that map the warehouse's tables, shared by assets, jobs and sensors."""

from dagster import AssetKey

ISSUES = AssetKey("jira_issues")
CHANGELOG = AssetKey("jira_issue_changelog")
COMMENTS = AssetKey("jira_issue_comments")
LINKS = AssetKey("jira_issue_links")
VERSIONS = AssetKey("jira_versions")
COMPONENTS = AssetKey("jira_components")
BOARDS = AssetKey("jira_boards")
SPRINTS = AssetKey("jira_sprints")
SPRINT_ISSUES = AssetKey("jira_sprint_issues")
WORKLOGS = AssetKey("jira_worklogs")
USERS = AssetKey("jira_users")
HISTORY = AssetKey("jira_sync_history")
STATISTICS = AssetKey("jira_sync_statistics")
