"""How a partition sync behaves: incremental window, batches, reconciliation cadence."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SyncOptions:
    """Tuning for one partition sync; defaults suit JIRA Cloud and Data Center alike."""

    full_refresh: bool = False
    lookback_days: float | None = None
    overlap_minutes: float = 5.0
    batch_size: int = 2000
    reconcile: bool | None = None
    reconcile_every_hours: float = 6.0
    id_page_size: int = 1000
    lock_wait_seconds: float = 0.0
    parallel_slices: int = 4
    changelogs: bool = True
    changelog_chunk_size: int = 1000
    progress_seconds: float = 10.0  # a progress line in the run log at least this often while reading
    conversion_process: bool | None = None  # a long full read's pages in a worker process; None: on 4+ CPUs
