"""`python -m benchmarks.runs` at tiny sizes: every row is produced and the table prints.

Durations, CPU and rates are never asserted (CI machines vary); the command measures them. The
singer pipeline of (j) is left out: it installs packages on first use.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jirasync_dagster_tests.cli.commands import command_env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(240)
def test_runs_benchmark_produces_its_rows(tmp_path):
    env = command_env(None, tmp_path, PYTHONWARNINGS="ignore")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.runs", "--quick", "--no-singer", "--duration", "5", "--settle", "1",
         "--json", str(tmp_path / "rows.json")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=220, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["step", "wall", "s"]
    rows = {row["step"]: row for row in json.loads((tmp_path / "rows.json").read_text())}
    assert {step[:2] for step in rows} == {"g)", "h)", "i)", "j)"}
    assert not [step for step, row in rows.items() if row["exact"].startswith("FAIL")], done.stdout
    run = rows["g) no-change run, dagster job execute"]
    assert run["cpu"] > 0 and run["processes"] >= 1 and run["exact"] == "ok"
    assert rows['g) python -c "import dagster"']["cpu"] > 0
    idle = next(row for step, row in rows.items() if step.startswith("h) idle deployment, 3 partitions"))
    assert idle["runs"] is not None and idle["machine_cores"] is not None and idle["drained"] is not None
    load = rows["i) first load, 3 projects, jirasync sync"]
    assert load["exact"] == "ok" and load["runs"] >= 1
    assert rows["j) full sync, jirasync sync"]["exact"] == "ok"
    assert any(line.startswith("g    no-change run:") for line in lines), done.stdout
    assert any(line.startswith("h    idle deployment") for line in lines), done.stdout
