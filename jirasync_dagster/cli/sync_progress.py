"""The terminal's progress for `jirasync sync`: one bar for the projects, one per project while it syncs."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from jirasync_dagster.sync.many import PartitionOutcome
from jirasync_dagster.sync.progress import SyncProgress, format_seconds, progress_listener


class SyncBars:
    """Bars fed by the syncs running in this process: the projects done, and each project's issues read."""

    def __init__(self, progress: Progress, projects: int):
        self.progress = progress
        self.overall = progress.add_task(f"syncing {projects} projects", total=projects, detail="")
        self.running: dict[str, int] = {}
        self._lock = threading.Lock()  # partitions of a run report from threads of their own

    def heard(self, snapshot: SyncProgress) -> None:
        """Draw a partition's latest figures."""
        with self._lock:
            if snapshot.done:
                return
            task = self.running.get(snapshot.partition)
            if task is None:
                task = self.running[snapshot.partition] = self.progress.add_task(
                    f"  {snapshot.partition}", total=None, detail="")
        eta = snapshot.eta_seconds
        detail = f"{snapshot.issues_per_second:,.0f} issues/s" + (f", ~{format_seconds(eta)} left" if eta else "")
        self.progress.update(task, completed=snapshot.read, total=snapshot.expected, detail=detail)

    def finished(self, outcome: PartitionOutcome) -> None:
        """A partition ended: drop its bar, count it done."""
        with self._lock:
            task = self.running.pop(outcome.partition, None)
        if task is not None:
            self.progress.remove_task(task)
        self.progress.advance(self.overall)


@contextmanager
def sync_bars(console: Console, projects: int) -> Iterator[SyncBars]:
    """Bars for a sync of `projects` projects, drawn until the block ends."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[detail]}"))
    with Progress(*columns, console=console, transient=True) as progress:
        bars = SyncBars(progress, projects)
        with progress_listener(bars.heard):
            yield bars
