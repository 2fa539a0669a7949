"""The statistics over jira_sync_history: exact figures, the table, and `jirasync history --stats`."""

import math
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from jirasync_dagster.cli import main
from jirasync_dagster.history import record_syncs
from jirasync_dagster.history.statistics import FIGURES, compute_statistics, read_history, write_statistics
from jirasync_dagster.history.statistics_table import statistics_markdown
from jirasync_dagster_tests.history.hand_built import ENG, EXPECTED, WEB, hand_built_history, hand_built_runs

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)


def same(actual, expected) -> bool:
    if expected is None:
        return actual is None or math.isnan(actual)
    return actual == pytest.approx(expected, abs=1e-9)


def test_figures_per_project_and_overall_for_each_period():
    statistics = compute_statistics(hand_built_history(NOW), NOW)
    assert [tuple(key) for key in statistics[["scope", "period"]].values] == [
        (scope, period) for scope in ("overall", ENG, WEB) for period in ("7d", "30d", "all")]
    for row in statistics.to_dict("records"):
        expected = EXPECTED[(row["scope"], row["period"])]
        assert all(same(row[name], value) for name, value in zip(FIGURES, expected)), (row, expected)


def test_an_empty_history_gives_overall_rows_with_no_runs():
    statistics = compute_statistics(hand_built_history(NOW).iloc[0:0], NOW)
    assert statistics[["scope", "period", "runs"]].values.tolist() == [
        ["overall", "7d", 0], ["overall", "30d", 0], ["overall", "all", 0]]


def test_markdown_shows_each_figure_formatted():
    markdown = statistics_markdown(compute_statistics(hand_built_history(NOW), NOW)).splitlines()
    assert markdown[0] == "| project | period | runs | success | issues | mean s | p95 s | issues/s |"
    assert f"| {ENG} | 7d | 6 | 83.3% | 1,500 | 30.00 | 48.00 | 10.0 |" in markdown
    assert f"| {WEB} | 7d | 0 | - | 0 | - | - | - |" in markdown
    assert "| overall | all | 9 | 88.9% | 3,580 | 57.25 | 165.00 | 7.8 |" in markdown


def test_table_round_trip_and_history_stats_command(engine, database_url, monkeypatch, tmp_path):
    now = datetime.now(timezone.utc)
    assert record_syncs(engine, hand_built_runs(now)) == 9
    statistics = compute_statistics(read_history(engine), now)
    assert write_statistics(engine, statistics, now) == 9
    with engine.connect() as conn:
        stored = conn.execute(sa.text(
            "SELECT runs, success_rate, issues, p95_seconds, mean_seconds FROM jira_sync_statistics "
            "WHERE scope = :s AND period = :p"), {"s": WEB, "p": "7d"}).one()
    assert tuple(stored) == (0, None, 0, None, None)  # no run to time is NULL, not NaN

    monkeypatch.chdir(tmp_path)  # away from a developer's .env
    monkeypatch.setenv("JIRASYNC_DATABASE_URL", database_url)
    cells = stats_cells()
    assert cells[(ENG, "7d")] == ["6", "83.3%", "1,500", "30.00", "48.00", "10.0"]
    assert cells[("overall", "all")] == ["9", "88.9%", "3,580", "57.25", "165.00", "7.8"]
    assert cells[(WEB, "30d")] == ["0", "-", "0", "-", "-", "-"]
    only_web = stats_cells("--partition", WEB)
    assert {scope for scope, _ in only_web} == {"overall", WEB}
    assert only_web[("overall", "all")] == only_web[(WEB, "all")] == ["1", "100.0%", "80", "8.00", "8.00", "10.0"]


def stats_cells(*options: str) -> dict:
    """`jirasync history --stats` as {(project, period): the other cells}."""
    result = CliRunner().invoke(main, ["history", "--stats", *options])
    assert result.exit_code == 0, result.output
    lines = [line.split("│") for line in result.output.splitlines()]
    return {tuple(c.strip() for c in line[1:3]): [c.strip() for c in line[3:-1]] for line in lines if len(line) > 3}
