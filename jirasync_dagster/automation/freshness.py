"""The freshness policy of jira_issues, derived from the schedule interval."""

from datetime import timedelta

from dagster import FreshnessPolicy

from jirasync_dagster.automation.settings import schedule_minutes


def sync_freshness_policy() -> FreshnessPolicy:
    """Warn after two missed schedule intervals without any sync, fail after three."""
    # Asset-level: the freshness daemon reads the newest materialization of any partition, so
    # this says "syncing has stalled"; per-partition lag is the row-count check's business.
    minutes = schedule_minutes()
    return FreshnessPolicy.time_window(
        fail_window=timedelta(minutes=3 * minutes), warn_window=timedelta(minutes=2 * minutes)
    )
