"""Child processes for `python -m benchmarks.runs`: started in their own process groups, measured, always stopped.

- `Processes`: a registry of everything the benchmark starts; `stop_all()` (called from a `finally`)
  ends every group and any descendant that left it, so a Ctrl-C or an error leaves nothing behind.
- `measured_run`: one command to its end, with wall time, the CPU of it and all its descendants
  (getrusage(RUSAGE_CHILDREN) around it) and the distinct processes of its tree (sampled every 20 ms).
- `tree_cpu`: the CPU a set of long-lived process trees has spent so far, reaped children included.
- `machine_cpu`: /proc/stat's busy and total jiffies, for the whole machine's average load.
"""

import os
import resource
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from benchmarks.process_tree import child_pids

SAMPLE_SECONDS = 0.02


class Processes:
    """Every process the benchmark started, each the leader of its own process group."""

    def __init__(self):
        self.started: list[subprocess.Popen] = []
        self._lock = threading.Lock()

    def start(self, args: list[str], env: dict, cwd: Path, log: Path | None = None, **popen) -> subprocess.Popen:
        """Start `args` in a new session (its own process group); output to `log` unless given otherwise."""
        if log is not None:
            handle = open(log, "ab")
            popen.setdefault("stdout", handle)
            popen.setdefault("stderr", handle)
        try:
            process = subprocess.Popen(args, env=env, cwd=cwd, start_new_session=True, **popen)
        finally:
            if log is not None:
                handle.close()  # the child holds its own copy
        with self._lock:
            self.started.append(process)
        return process

    def stop(self, process: subprocess.Popen, grace: float = 10.0) -> None:
        """SIGTERM the process's group, SIGKILL it after `grace` s; descendants that left the group too."""
        tree = _descendants(process.pid)
        if process.poll() is None:
            _signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                _signal_group(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        else:
            _signal_group(process.pid, signal.SIGTERM)  # members of a finished leader's group, if any
        # A run process the gRPC server started may sit in a session of its own.
        for child in tree:
            try:
                if child.is_running():
                    child.kill()
            except psutil.Error:
                pass
        with self._lock:
            if process in self.started:
                self.started.remove(process)

    def stop_all(self) -> None:
        """Stop everything still registered, newest first."""
        for process in reversed(list(self.started)):
            try:
                self.stop(process)
            except Exception as error:  # keep stopping the others
                print(f"could not stop pid {process.pid}: {error}", flush=True)


def _descendants(pid: int) -> list[psutil.Process]:
    """psutil handles (with their start times, so a reused pid is never signalled) of pid's descendants."""
    handles = []
    for child in child_pids(pid, recursive=True):
        try:
            handles.append(psutil.Process(child))
        except psutil.Error:
            pass
    return handles


def _signal_group(pid: int, signum: int) -> None:
    try:
        os.killpg(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


@dataclass
class Measured:
    """How one command ran."""

    returncode: int | None
    wall: float
    cpu: float
    pids: dict[int, str] = field(default_factory=dict)
    timed_out: bool = False
    machine_cores: float | None = None  # set by callers that read machine_cpu() around the run

    @property
    def processes(self) -> int:
        return len(self.pids)

    def kinds(self) -> str:
        """'4 python, 1 tail': the processes by name."""
        counts: dict[str, int] = {}
        for name in self.pids.values():
            counts[name] = counts.get(name, 0) + 1
        return ", ".join(f"{n} {name}" for name, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def _name(pid: int) -> str:
    """The program's name; for Python the module (-m) or script it runs, which tells Dagster's helpers apart."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
        name = Path(f"/proc/{pid}/comm").read_text().strip() or "?"
    except OSError:
        return "?"
    if name.startswith("python") and len(argv) > 1:
        if "-m" in argv[:-1]:
            return f"python -m {argv[argv.index('-m') + 1]}"
        if "-c" in argv[:-1]:
            return "python -c"
        if not argv[1].startswith("-"):
            return f"python {Path(argv[1]).name}"
    return name


def measured_run(processes: Processes, args: list[str], env: dict, cwd: Path, log: Path, timeout: float,
                 count_processes: bool = True) -> Measured:
    """Run `args` to its end (killed after `timeout` s): wall, CPU with all descendants, processes started.

    CPU is the growth of getrusage(RUSAGE_CHILDREN): the command and every descendant it waited for
    (this benchmark starts nothing else that ends meanwhile). Processes are the distinct pids seen in
    the command's tree, sampled every 20 ms from /proc's per-thread children lists: a process that lives
    less than ~20 ms can be missed, and every Dagster process lives far longer.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = processes.start(args, env, cwd, log)
    pids = {process.pid: _name(process.pid)}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in child_pids(process.pid, recursive=True):
                if pid not in pids:
                    pids[pid] = _name(pid)
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    if count_processes:
        sampler.start()
    timed_out = False
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
    finally:
        done.set()
        if sampler.is_alive():
            sampler.join()
        if process.poll() is None or timed_out:
            processes.stop(process)
        else:  # ended by itself: only members of its group that outlived it, if any, are left to end
            processes.stop(process)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Measured(process.returncode, wall, cpu, pids, timed_out)


def tree_cpu(roots: list[int]) -> float:
    """CPU seconds spent so far by the trees under `roots`: every live process's own time plus the time
    of the children it has reaped (psutil's children_user/children_system).

    The difference of two readings is the CPU the trees spent between them, including processes that
    started and ended in between (their time moves into their parent's reaped-children counters), as
    long as each was reaped by a parent inside the trees.
    """
    total = 0.0
    seen: set[int] = set()
    for root in roots:
        for pid in (root, *child_pids(root, recursive=True)):
            if pid in seen:
                continue
            seen.add(pid)
            try:
                t = psutil.Process(pid).cpu_times()
            except psutil.Error:
                continue
            total += t.user + t.system + t.children_user + t.children_system
    return total


def machine_cpu() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat (busy: not idle, not iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    # user nice system idle iowait irq softirq steal guest guest_nice; guests are inside user/nice.
    total = sum(fields[:8])
    return total - fields[3] - fields[4], total


def cores_between(first: tuple[int, int], last: tuple[int, int]) -> float:
    """The machine's average busy cores between two machine_cpu() readings."""
    busy, total = last[0] - first[0], last[1] - first[1]
    return (os.cpu_count() or 1) * busy / total if total else 0.0
