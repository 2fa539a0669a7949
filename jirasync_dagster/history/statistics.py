"""Sync statistics from jira_sync_history, computed with pandas: the one definition of every figure."""

from datetime import datetime, timedelta

import pandas as pd
import sqlalchemy as sa

from jirasync_dagster.history.sync_run import SUCCESS
from jirasync_dagster.warehouse.schema import sync_history, sync_statistics

OVERALL = "overall"  # the scope of every project together (a partition key always has a colon)
PERIODS = {"7d": timedelta(days=7), "30d": timedelta(days=30), "all": None}
FIGURES = ["runs", "succeeded", "success_rate", "issues", "mean_seconds", "p95_seconds", "issues_per_second"]
HISTORY_COLUMNS = ["partition_key", "status", "started_at", "seconds", "issues_fetched"]


def read_history(engine: sa.Engine) -> pd.DataFrame:
    """The columns of jira_sync_history the statistics need, one row per run and partition."""
    query = sa.select(*(sync_history.c[name] for name in HISTORY_COLUMNS))
    with engine.connect() as conn:
        return pd.read_sql(query, conn)


def compute_statistics(history: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """Per project and overall, for 7 days, 30 days and all time before `now`: the FIGURES.

    `runs` counts every run, `succeeded` and `success_rate` the successful ones, `issues` sums
    issues fetched by all of them; durations (mean, 95th percentile with linear interpolation)
    and issues/s are of successful runs only: a failure's duration says how soon it failed.
    A project with no run in a period gets `runs` 0 and empty durations.
    """
    started = pd.to_datetime(history["started_at"], utc=True)
    windows = []
    for period, span in PERIODS.items():
        window = history if span is None else history[started >= pd.Timestamp(now) - span]
        windows += [window.assign(period=period, scope=window["partition_key"]),
                    window.assign(period=period, scope=OVERALL)]
    rows = pd.concat(windows, ignore_index=True)
    rows["ok"] = rows["status"] == SUCCESS
    rows["issues_fetched"] = pd.to_numeric(rows["issues_fetched"]).fillna(0)
    rows["seconds"] = pd.to_numeric(rows["seconds"])
    by = ["scope", "period"]
    every = rows.groupby(by)
    figures = pd.DataFrame({"runs": every.size(), "succeeded": every["ok"].sum(),
                            "issues": every["issues_fetched"].sum()})
    timed = rows[rows["ok"] & rows["seconds"].notna()].groupby(by)
    figures["mean_seconds"] = timed["seconds"].mean()
    figures["p95_seconds"] = timed["seconds"].quantile(0.95)
    seconds = timed["seconds"].sum()
    figures["issues_per_second"] = timed["issues_fetched"].sum() / seconds.where(seconds > 0)
    scopes = [OVERALL, *sorted(set(history["partition_key"]))]
    figures = figures.reindex(pd.MultiIndex.from_product([scopes, list(PERIODS)], names=by))
    for name in ("runs", "succeeded", "issues"):
        figures[name] = figures[name].fillna(0).astype("int64")
    figures["success_rate"] = figures["succeeded"] / figures["runs"].where(figures["runs"] > 0)
    return figures.reset_index()[[*by, *FIGURES]]


def write_statistics(engine: sa.Engine, statistics: pd.DataFrame, computed_at: datetime) -> int:
    """Replace jira_sync_statistics with `statistics` in one transaction; returns the rows written."""
    # NaN (no successful run to time) is NULL in the table.
    rows = statistics.astype(object).where(statistics.notna(), None).to_dict("records")
    with engine.begin() as conn:
        conn.execute(sa.delete(sync_statistics))
        if rows:
            conn.execute(sa.insert(sync_statistics), [{**row, "computed_at": computed_at} for row in rows])
    return len(rows)
