"""Long-running `jirasync` commands as real processes: started, awaited until they serve, stopped by a signal."""

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import requests

from jirasync_dagster_tests.deploy.processes import start, stop, wait_for


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name (state, ppid, pgrp, session, …); None when gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text[text.rindex(")") + 2:].split()


def _processes() -> dict[int, list[str]]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            found[int(entry.name)] = fields
    return found


def family(pid: int) -> set[int]:
    """Live processes descended from `pid` or in its session (children may be re-parented once it exits)."""
    table = _processes()
    members = {p for p, fields in table.items() if fields[3] == str(pid)}
    grew = True
    while grew:
        children = {p for p, fields in table.items() if int(fields[1]) in members | {pid}}
        grew = not children <= members
        members |= children
    # A zombie has exited: it waits only for a parent (here possibly init) to reap it.
    return {p for p in members - {pid} if table[p][0] != "Z"}


def answers(url: str) -> bool:
    """True once something answers HTTP at `url`."""
    try:
        requests.get(url, timeout=5)
    except requests.ConnectionError:
        return False
    return True


# How a shell script's `command &` starts a command: with SIGINT ignored (then exec keeps it ignored).
BACKGROUND_JOB = ["sh", "-c", 'trap "" INT; exec "$@"', "sh"]


@contextlib.contextmanager
def serving(name: str, args: list[str], env: dict, logs: Path, url: str, timeout: float = 240,
            background_job: bool = False) -> Iterator[subprocess.Popen]:
    """`jirasync ARGS…` in its own session (as a script's background job if asked), once `url` answers; any process
    of it left at the end is killed."""
    command = [sys.executable, "-m", "jirasync_dagster.cli", *args]
    process = start(name, BACKGROUND_JOB + command if background_job else command, env, logs, cwd=logs)
    try:
        wait_for(lambda: process.poll() is not None or answers(url), timeout, f"{name} to serve {url}")
        assert process.poll() is None, f"{name} exited {process.returncode}: {log_of(name, logs)[-3000:]}"
        yield process
    finally:
        stop([process])


def log_of(name: str, logs: Path) -> str:
    """What a process started by `serving` printed (stdout and stderr)."""
    return (logs / f"{name}.log").read_text()


def stopped_by(process: subprocess.Popen, signal: int, what: str) -> int:
    """Send `signal` to the process alone, as a terminal or a supervisor would; its exit code once it and every
    process it started have exited."""
    process.send_signal(signal)
    wait_for(lambda: process.poll() is not None, 120, f"{what} to exit after signal {signal}")
    wait_for(lambda: not family(process.pid), 60, f"every process {what} started to exit")
    return process.returncode


def command_lines(pids: set[int]) -> list[str]:
    """The command lines of `pids` (those still there)."""
    lines = []
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            lines.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
    return lines
