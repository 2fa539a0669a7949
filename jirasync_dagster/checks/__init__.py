"""Asset checks on jira_issues: duplicate keys and row counts against JIRA, per partition."""

from jirasync_dagster.checks.issue_checks import evaluate_issue_checks, issue_check_specs

__all__ = ["evaluate_issue_checks", "issue_check_specs"]
