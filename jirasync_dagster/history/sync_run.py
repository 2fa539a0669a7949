"""One partition of one sync run, as jira_sync_history keeps it (no Dagster)."""

from dataclasses import dataclass, field
from datetime import datetime

SUCCESS = "SUCCESS"
FAILURE = "FAILURE"


@dataclass
class SyncRun:
    """One partition of a jira_sync_job run: outcome, timing and what the sync reported."""

    run_id: str
    partition: str | None
    status: str
    trigger: str | None
    started_at: datetime | None
    ended_at: datetime | None
    seconds: float | None  # this partition's sync (the run's wall clock when nothing better is known)
    metadata: dict = field(default_factory=dict)
    updated_at: datetime | None = None  # when Dagster last updated the run (the history sensor's cursor)
