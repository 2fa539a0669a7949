"""A jira_sync_job run slow enough to interrupt: a real `dagster job execute` process on a slow sandbox."""

import json
import subprocess
import sys
from pathlib import Path

from jirasync_dagster.sandbox.config import FaultConfig

ROOT = Path(__file__).resolve().parents[2]
BATCH = 20
# Small pages answered slowly: the read spans many batches and requests, so an outage lands mid-run.
SLOW_JIRA = FaultConfig(latency_ms=150, max_page_size=10)


def start_sync_process(tmp_path: Path, partition: str) -> subprocess.Popen:
    """`dagster job execute` of jira_sync_job for `partition` as the README has it, in BATCH-row batches
    read by one stream, logging to tmp_path/run.log; the environment is this process's."""
    config = tmp_path / "run_config.json"
    config.write_text(json.dumps({"ops": {"jira_issues": {"config": {"batch_size": BATCH, "parallel_slices": 1}}}}))
    return subprocess.Popen(
        [sys.executable, "-m", "dagster", "job", "execute", "-m", "jirasync_dagster", "-j", "jira_sync_job",
         "--tags", json.dumps({"dagster/partition": partition}), "-c", str(config)],
        cwd=ROOT, stdout=(tmp_path / "run.log").open("w"), stderr=subprocess.STDOUT,
    )


def run_output(tmp_path: Path) -> str:
    """What the run process printed."""
    return (tmp_path / "run.log").read_text()
