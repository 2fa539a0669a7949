"""Starting the Dagster services as real processes, waiting on conditions with a bound, stopping them."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(name: str, args: list[str], env: dict, logs: Path, cwd: Path) -> subprocess.Popen:
    """Start `args` in its own process group, logging to logs/<name>.log."""
    log = open(logs / f"{name}.log", "w")
    return subprocess.Popen(args, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(processes: list[subprocess.Popen]) -> None:
    """Stop each process group we started (SIGTERM, then SIGKILL after 10 s)."""
    for p in processes:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    for p in processes:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=5)


def wait_for(condition, timeout: float, what: str, every: float = 0.5):
    """Poll `condition()` until it returns something truthy; fail naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def dagster_bin(name: str) -> str:
    """A console script of this venv (dagster, dagster-webserver, dagster-daemon)."""
    return str(BIN / name)
