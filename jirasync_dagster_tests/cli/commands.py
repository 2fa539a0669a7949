"""Commands run as a user runs them: a child process on this test's database and home, with no stray settings."""

import os
import subprocess
import sys
from pathlib import Path


def command_env(database_url: str | None, home: Path, **settings: str) -> dict[str, str]:
    """The environment of a child process: none of the caller's JIRA_*, JIRASYNC_* or DAGSTER_* settings,
    this test's warehouse (when given) and JIRASYNC_HOME, and `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIRA_", "JIRASYNC_", "DAGSTER_"))}
    env.update(JIRASYNC_HOME=str(home), COLUMNS="160", **settings)
    if database_url:
        env["JIRASYNC_DATABASE_URL"] = database_url
    return env


def run_module(env: dict[str, str], module: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m module ARGS…` to completion, in `cwd` or else in the test's JIRASYNC_HOME (so no
    developer's ./.env in the repository reaches it)."""
    if cwd is None and "JIRASYNC_HOME" in env:
        cwd = Path(env["JIRASYNC_HOME"])
        cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.run([sys.executable, "-m", module, *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def jirasync(env: dict[str, str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the `jirasync` console command (in `cwd` when given)."""
    return run_module(env, "jirasync_dagster.cli", *args, cwd=cwd)


def succeeded(result: subprocess.CompletedProcess) -> str:
    """The standard output of a command that must have exited 0 (its output tails otherwise)."""
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout
