"""The benchmark at tiny sizes: every step runs, every exactness check passes, the table prints.

Timings are never asserted here (CI machines vary); `python -m benchmarks.run` measures them.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(300)
def test_benchmark_runs_exactly_at_tiny_sizes(tmp_path):
    env = dict(os.environ, JIRASYNC_HOME=str(tmp_path), PYTHONWARNINGS="ignore")
    env.pop("JIRASYNC_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--issues", "1500", "--small-issues", "300",
         "--latency-issues", "1500", "--latency-ms", "5", "--concurrency", "4", "--slices", "2",
         "--json", str(tmp_path / "rows.json")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=280, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["step", "issues", "wall"]
    steps = [line for line in lines if line[:2] in ("a)", "b)", "c)", "d)", "e)", "f)")]
    assert {s[:2] for s in steps} == {"a)", "b)", "c)", "d)", "e)", "f)"}
    assert all("  ok" in s for s in steps), "\n".join(steps)
    assert "FAIL" not in done.stdout
    assert any(line.startswith("c    no-change sync") and "met" in line for line in lines), done.stdout
    # The CPU the sandbox and the embedded Postgres spent beside the sync is measured, not zero.
    split = next(line for line in lines if line.startswith("cpu  full sync, sequential:"))
    spent = dict(re.findall(r"(sync|sandbox|Postgres) (\d+)", split))
    assert set(spent) == {"sync", "sandbox", "Postgres"} and all(int(v) > 0 for v in spent.values()), split
    assert (tmp_path / "rows.json").exists()
