"""The `projects_confirmed_recently` check: every active project synced, or checked unchanged, within three intervals."""

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from dagster import AssetSelection, materialize

from jirasync_dagster.automation.freshness import build_freshness_check, freshness_result
from jirasync_dagster.cli.runs import run_partition_syncs
from jirasync_dagster.resources import build_resources
from jirasync_dagster.warehouse import write_state
from jirasync_dagster_tests.sensors.support import project  # noqa: F401  (fixture)

NOW = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc)


def confirm(conn, partition: str, synced_ago: timedelta, checked_ago: timedelta | None = None) -> None:
    """Give `partition` a last sync (and check) that long before NOW."""
    write_state(conn, partition)
    conn.execute(sa.text("UPDATE jira_sync_state SET last_sync_at = :s, last_checked_at = :c WHERE partition_key = :p"),
                 {"p": partition, "s": NOW - synced_ago, "c": None if checked_ago is None else NOW - checked_ago})


def test_the_window_is_three_schedule_intervals_and_a_check_confirms_like_a_sync(engine, monkeypatch):
    monkeypatch.setenv("JIRASYNC_SCHEDULE_MINUTES", "5")
    minutes = lambda n: timedelta(minutes=n)  # noqa: E731
    with engine.begin() as conn:
        confirm(conn, "instance_1:ENG", synced_ago=minutes(14))
        confirm(conn, "instance_1:OPS", synced_ago=timedelta(days=3), checked_ago=minutes(1))  # quiet, found unchanged
        confirm(conn, "instance_1:SUP", synced_ago=minutes(16))
        confirm(conn, "instance_2:WEB", synced_ago=timedelta(days=3), checked_ago=minutes(20))
    partitions = ["instance_1:ENG", "instance_1:OPS", "instance_1:SUP", "instance_2:NEW", "instance_2:WEB"]
    with engine.connect() as conn:
        result = freshness_result(conn, partitions, NOW)
        assert not result.passed
        metadata = {key: value.value for key, value in result.metadata.items()}
        assert metadata["window_minutes"] == 15 and metadata["stale"] == 3
        assert metadata["stale_examples"] == "instance_1:SUP, instance_2:NEW, instance_2:WEB"  # NEW: never synced
        assert metadata["oldest_confirmation_minutes"] == 20.0
        assert freshness_result(conn, ["instance_1:ENG", "instance_1:OPS"], NOW).passed
        monkeypatch.setenv("JIRASYNC_SCHEDULE_MINUTES", "10")
        assert freshness_result(conn, ["instance_1:SUP", "instance_2:WEB"], NOW).passed


def run_check(project) -> dict:
    """The check as the UI runs it, in a Dagster run; its metadata, with `passed`."""
    result = materialize([build_freshness_check()], instance=project.instance, resources=build_resources(),
                         selection=AssetSelection.all_asset_checks())
    (evaluation,) = result.get_asset_check_evaluations()
    return {"passed": evaluation.passed, **{key: value.value for key, value in evaluation.metadata.items()}}


def reported(data) -> tuple[bool, str]:
    """The check evaluation a change-sensor tick reported without a run: (passed, stale examples)."""
    (evaluation,) = data.asset_events
    return evaluation.passed, evaluation.metadata["stale_examples"].value


def test_the_check_and_the_change_sensor_judge_every_active_project(project, monkeypatch):
    monkeypatch.delenv("JIRASYNC_SCHEDULE_MINUTES", raising=False)
    project.discover()
    partitions = project.instance.get_dynamic_partitions("jira_projects")
    assert all(o.success for o in run_partition_syncs(project.defs, project.instance, partitions))
    check = run_check(project)
    assert check["passed"] and (check["partitions"], check["stale"], check["window_minutes"]) == (6, 0, 30)
    first = project.tick("jira_change_sensor")
    assert reported(first) == (True, "")

    with project.engine.begin() as conn:
        conn.execute(sa.text("UPDATE jira_sync_state SET last_sync_at = now() - interval '31 minutes', "
                             "last_checked_at = now() - interval '40 minutes' WHERE partition_key = 'instance_2:DATA'"))
    check = run_check(project)
    assert not check["passed"] and check["stale_examples"] == "instance_2:DATA"
    second = project.tick("jira_change_sensor", first.cursor)
    assert reported(second) == (False, "instance_2:DATA")

    # A disabled project is nobody's to confirm.
    with project.engine.begin() as conn:
        conn.execute(sa.text("UPDATE jira_projects SET active = false WHERE partition_key = 'instance_2:DATA'"))
    assert run_check(project)["passed"]
    assert reported(project.tick("jira_change_sensor", second.cursor)) == (True, "")
