"""A hand-built sync history with figures worked out by hand, for the statistics tests."""

from datetime import datetime, timedelta

import pandas as pd

from jirasync_dagster.history import SyncRun

ENG, WEB = "instance_1:ENG", "instance_2:WEB"
# (partition, days before now, status, seconds, issues fetched)
RUNS = [
    (ENG, 1, "SUCCESS", 10.0, 100), (ENG, 2, "SUCCESS", 20.0, 200), (ENG, 3, "SUCCESS", 30.0, 300),
    (ENG, 4, "SUCCESS", 40.0, 400), (ENG, 5, "SUCCESS", 50.0, 500), (ENG, 6, "FAILURE", 3.0, None),
    (ENG, 20, "SUCCESS", 100.0, 1000), (ENG, 60, "SUCCESS", 200.0, 1000), (WEB, 40, "SUCCESS", 8.0, 80),
]
# (scope, period) -> runs, succeeded, success rate, issues, mean s, p95 s, issues/s; p95 interpolates
# linearly between the sorted durations, e.g. ENG 7d: 40 + 0.8 × (50 − 40) = 48.
EXPECTED = {
    (ENG, "7d"): (6, 5, 5 / 6, 1500, 30.0, 48.0, 10.0),
    (ENG, "30d"): (7, 6, 6 / 7, 2500, 250 / 6, 87.5, 10.0),
    (ENG, "all"): (8, 7, 7 / 8, 3500, 450 / 7, 170.0, 3500 / 450),
    (WEB, "7d"): (0, 0, None, 0, None, None, None),
    (WEB, "30d"): (0, 0, None, 0, None, None, None),
    (WEB, "all"): (1, 1, 1.0, 80, 8.0, 8.0, 10.0),
    ("overall", "7d"): (6, 5, 5 / 6, 1500, 30.0, 48.0, 10.0),
    ("overall", "30d"): (7, 6, 6 / 7, 2500, 250 / 6, 87.5, 10.0),
    ("overall", "all"): (9, 8, 8 / 9, 3580, 458 / 8, 165.0, 3580 / 458),
}


def hand_built_runs(now: datetime) -> list[SyncRun]:
    """RUNS as history rows started the given days before `now`."""
    return [
        SyncRun(f"run-{n}", partition, status, "schedule", now - timedelta(days=days),
                now - timedelta(days=days) + timedelta(seconds=seconds), seconds,
                {} if issues is None else {"issues_fetched": issues, "mode": "incremental"})
        for n, (partition, days, status, seconds, issues) in enumerate(RUNS)
    ]


def hand_built_history(now: datetime) -> pd.DataFrame:
    """RUNS in the columns read_history returns."""
    return pd.DataFrame([
        {"partition_key": run.partition, "status": run.status, "started_at": run.started_at, "seconds": run.seconds,
         "issues_fetched": run.metadata.get("issues_fetched")} for run in hand_built_runs(now)
    ])
