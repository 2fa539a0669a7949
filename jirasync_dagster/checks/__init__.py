"""Asset checks on jira_issues: duplicate keys and row counts against JIRA, per partition."""

from jirasync_dagster.checks.issue_checks import build_issue_checks

__all__ = ["build_issue_checks"]
