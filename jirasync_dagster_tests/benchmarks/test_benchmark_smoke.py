"""The benchmark at tiny sizes: every step runs, every exactness check passes, the table prints.

(k), each process-wide setting off and on, runs at 300 issues and one round: its rows are produced
and every run had in effect what its arm asked for (the worker's probe checks it; a miss fails the row).

Timings are never asserted here (CI machines vary); `python -m benchmarks.run` measures them.
"""

import json
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
        [sys.executable, "-m", "benchmarks.run", "--issues", "600", "--small-issues", "300",
         "--latency-issues", "600", "--latency-ms", "5", "--concurrency", "4", "--slices", "2",
         "--settings-issues", "300", "--settings-rounds", "1",
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
    # (k): a row per setting and arm, each run exact and with the setting in effect as its arm asked.
    settings = [line for line in lines if line.startswith("k) ")]
    assert len(settings) == 2 and all("  ok  " in s for s in settings), "\n".join(settings)
    in_effect = {line.split("  ")[0].strip(): line.split("in effect: ", 1)[1] for line in settings}
    assert in_effect["k) glibc mmap threshold dynamic (glibc's)"].startswith("mmap not pinned")
    assert in_effect["k) glibc mmap threshold pinned at 128 KB"].startswith("mmap pinned")
    assert sum(line.startswith("k    ") for line in lines) == 1, done.stdout
    rows = json.loads((tmp_path / "rows.json").read_text())
    probes = [run["probe"] for row in rows if row["step"].startswith("k) ") for run in row["data"]["runs"]]
    assert len(probes) == 2 and all(sum(probe["collections"]) > 0 for probe in probes), probes
