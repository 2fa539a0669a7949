"""`python -m benchmarks.entities` at a tiny size: every arm runs exactly and the table prints.

What each entity costs is measured by the command, never asserted here; only that leaving an entity
out sends no request for it (the arm's request count is never above the all-on runs').
"""

import subprocess
import sys
from pathlib import Path

import pytest

from jirasync_dagster_tests.cli.commands import command_env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(240)
def test_entities_benchmark_runs_every_arm_exactly(tmp_path):
    done = subprocess.run([sys.executable, "-m", "benchmarks.entities", "--issues", "600"], cwd=ROOT,
                          env=command_env(None, tmp_path, PYTHONWARNINGS="ignore"), capture_output=True, text=True,
                          timeout=220, check=False)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("full sync, 3 projects") and "FAIL" not in done.stdout
    arms = {line.split("  ")[0]: line.split() for line in lines[2:]}
    assert list(arms) == ["all on (mean of 2)", "without changelogs", "without comments", "without links",
                          "without versions + components", "without boards + sprints + membership",
                          "without worklogs", "without users"]
    assert arms["all on (mean of 2)"][-2:] == ["ok", "ok"] and all(a[-1] == "ok" for a in arms.values())
    added = {name: int(cells[-3]) for name, cells in arms.items() if name.startswith("without ")}
    assert all(requests >= 0 for requests in added.values()), added
    assert added["without comments"] > 0 and added["without versions + components"] > 0, added
