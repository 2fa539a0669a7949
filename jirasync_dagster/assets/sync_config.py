"""Launchpad settings of a jira_issues run, and the run tags that override them."""

from typing import Optional

from dagster import Config
from pydantic import Field

from jirasync_dagster.automation.settings import reconcile_hours
from jirasync_dagster.sync import SyncOptions

FULL_REFRESH_TAG = "jirasync/full_refresh"
RECONCILE_TAG = "jirasync/reconcile"


class SyncConfig(Config):
    """Launchpad settings of one partition sync."""

    full_refresh: bool = Field(default=False, description="Ignore the watermark and re-read the project.")
    lookback_days: Optional[float] = Field(default=None, description="Only read issues updated in the last N days when there is no watermark (or on full refresh).")
    overlap_minutes: float = Field(default=5.0, description="Re-read this much before the watermark (JQL minute precision, index lag).")
    batch_size: int = Field(default=2000, description="Rows per merge transaction.")
    reconcile: Optional[bool] = Field(default=None, description="Force (true) or skip (false) deletion reconciliation; unset: by cadence.")
    reconcile_every_hours: float = Field(default=float(reconcile_hours()), description="How often deletion reconciliation runs per partition (JIRASYNC_RECONCILE_HOURS).")
    lock_wait_seconds: float = Field(default=0.0, description="How long to wait when another run syncs this partition.")
    parallel_slices: int = Field(default=4, description="Disjoint id ranges paged concurrently on a full read.")
    changelogs: bool = Field(default=True, description="Store complete changelogs of changed issues and derive transition columns.")
    progress_seconds: float = Field(default=10.0, description="Log the read's progress (issues read of those expected, speed, time left) at least this often.")
    conversion_process: Optional[bool] = Field(default=None, description="Convert the pages of a long full read in a worker process; unset: only on machines with 4 or more CPUs.")

    def options(self, tags: dict) -> SyncOptions:
        """Sync options from this config, with the run tags taking precedence."""
        return SyncOptions(
            full_refresh=self.full_refresh or tags.get(FULL_REFRESH_TAG, "").lower() == "true",
            lookback_days=self.lookback_days,
            overlap_minutes=self.overlap_minutes,
            batch_size=self.batch_size,
            reconcile=True if tags.get(RECONCILE_TAG, "").lower() == "true" else self.reconcile,
            reconcile_every_hours=self.reconcile_every_hours,
            lock_wait_seconds=self.lock_wait_seconds,
            parallel_slices=self.parallel_slices,
            changelogs=self.changelogs,
            progress_seconds=self.progress_seconds,
            conversion_process=self.conversion_process,
        )
