"""Live progress of one partition sync: issues read of those expected, pages, speed and time left."""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from jirasync_dagster.sync.listeners import Listeners


@dataclass(frozen=True)
class SyncProgress:
    """Where one partition's sync stands: its phase, issues read, how many JIRA expects, pages, seconds."""

    partition: str
    phase: str
    read: int
    expected: int | None
    pages: int
    seconds: float
    done: bool = False

    @property
    def issues_per_second(self) -> float:
        """Issues read per second so far."""
        return self.read / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left at the speed so far (None until both the speed and the expected count are known)."""
        if self.done:
            return 0.0
        if not self.expected or not self.read or self.seconds <= 0:
            return None
        return max(0.0, self.expected - self.read) / self.issues_per_second

    def describe(self) -> str:
        """One log line: `instance_1:ENG reading: 4,200 of ~12,000 issues in 42 pages (12.0 s, 350 issues/s, about 22 s left)`."""
        of = f" of ~{self.expected:,}" if self.expected is not None and self.expected != self.read else ""
        eta = self.eta_seconds
        left = f", about {format_seconds(eta)} left" if eta and not self.done else ""
        return (f"{self.partition} {self.phase}: {self.read:,}{of} issues in {self.pages:,} pages "
                f"({self.seconds:.1f} s, {self.issues_per_second:,.0f} issues/s{left})")


def format_seconds(seconds: float) -> str:
    """`42 s`, `3 min 5 s` or `1 h 2 min`."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60} s"
    return f"{whole // 3600} h {whole % 3600 // 60} min"


# Every snapshot of every sync in this process, for a terminal's per-partition bars.
progress_announcements: Listeners[SyncProgress] = Listeners()
progress_listener = progress_announcements.listening


class ProgressMeter:
    """Counts one sync's pages; logs a line at most every `every` seconds and at each phase's end."""

    def __init__(self, partition: str, log, every: float = 10.0, clock: Callable[[], float] = time.monotonic):
        self.partition, self.log, self.every, self.clock = partition, log, every, clock
        self.started = self.last_logged = clock()
        self.read = self.pages = 0
        self.expected: int | None = None
        self.phase = "reading"
        self._lock = threading.Lock()  # the expected count may arrive from a counting thread

    def expect(self, count: int | None) -> None:
        """Set how many issues JIRA says the read will return (kept at least as many as already read)."""
        if count is not None:
            with self._lock:
                self.expected = max(count, self.read)

    def page(self, issues: int) -> SyncProgress:
        """Count one page of `issues`; log when the last line is `every` seconds old."""
        with self._lock:
            self.read += issues
            self.pages += 1
            if self.expected is not None:
                self.expected = max(self.expected, self.read)
        snapshot = self.snapshot()
        if self.clock() - self.last_logged >= self.every:
            self._log(snapshot)
        progress_announcements.announce(snapshot)
        return snapshot

    def phase_done(self, phase: str, next_phase: str | None = None, detail: str = "") -> SyncProgress:
        """Log the end of `phase` (with `detail`); the sync is done when no `next_phase` follows."""
        snapshot = self.snapshot(phase=phase, done=next_phase is None)
        self._log(snapshot, detail)
        self.phase = next_phase or phase
        progress_announcements.announce(snapshot)
        return snapshot

    def snapshot(self, phase: str | None = None, done: bool = False) -> SyncProgress:
        """The figures now."""
        with self._lock:
            return SyncProgress(self.partition, phase or self.phase, self.read, self.expected, self.pages,
                                self.clock() - self.started, done)

    def _log(self, snapshot: SyncProgress, detail: str = "") -> None:
        self.last_logged = self.clock()
        self.log.info(snapshot.describe() + (f"; {detail}" if detail else ""))
