"""CPU time that processes beside the measured sync (the sandbox, Postgres) spend while it runs."""

import threading

import psutil

from benchmarks.process_tree import child_pids

SAMPLE_SECONDS = 0.1


class CpuMeter:
    """Sums the CPU time of named processes and their children over a `with` block.

    Sampled, because Postgres backends exit with the sync's connections and take their
    counters with them; a backend that starts and ends between two samples is missed.
    """

    def __init__(self, pids: dict[str, int]):
        self.pids = pids
        self.seconds = dict.fromkeys(pids, 0.0)
        self._first: dict[int, float] = {}
        self._last: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "CpuMeter":
        if self.pids:  # a step with nothing measured beside it starts no sampler
            self._sample(first=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if not self.pids:
            return
        self._stop.set()
        self._thread.join()
        self._sample()
        for pid, (name, last) in self._last.items():
            self.seconds[name] += last - self._first.get(pid, 0.0)

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self._sample()

    def _sample(self, first: bool = False) -> None:
        for name, pid in self.pids.items():
            for process in (pid, *child_pids(pid, recursive=True)):
                try:
                    times = psutil.Process(process).cpu_times()
                except psutil.Error:
                    continue
                used = times.user + times.system
                if first:
                    self._first[process] = used
                self._last[process] = (name, used)
