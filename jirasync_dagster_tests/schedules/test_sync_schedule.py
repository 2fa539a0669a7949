"""jira_sync_schedule, the safety net: runs only for projects behind JIRA, first syncs and due reconciliations."""

import json
import time
from datetime import datetime, timezone

import sqlalchemy as sa
from dagster import DagsterRun, DagsterRunStatus

from jirasync_dagster.automation.freshness import freshness_result
from jirasync_dagster.automation.settings import (
    default_schedule_status,
    schedule_minutes,
)
from jirasync_dagster.cli.runs import run_partition_syncs
from jirasync_dagster.schedules import build_sync_schedule

TICK = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc)
PARTITIONS = ["instance_1:ENG", "instance_1:OPS", "instance_1:SUP", "instance_2:DATA", "instance_2:ENG", "instance_2:WEB"]


def synced(project) -> None:
    """Discovery, then every partition synced once."""
    project.discover()
    assert all(o.success for o in run_partition_syncs(project.defs, project.instance, PARTITIONS))


def backdated_update(project, instance: str, key: str, seconds: float) -> None:
    """Update `key` as JIRA would have `seconds` ago (older than the change sensor's grace)."""
    site = project.sandbox.instance(instance)
    site.set_clock(lambda: int((time.time() - seconds) * 1000))
    site.update_issue(key, summary=f"changed {seconds:.0f}s ago")
    site.set_clock(lambda: int(time.time() * 1000))


def checked(project) -> dict:
    with project.engine.connect() as conn:
        return dict(conn.execute(sa.text("SELECT partition_key, last_checked_at FROM jira_sync_state")).all())


def test_a_quiet_jira_gets_no_run_and_every_project_is_confirmed(project):
    synced(project)
    data = project.schedule_tick(TICK)
    assert data.run_requests == [] or data.run_requests is None
    assert "0 behind JIRA" in data.skip_message and "6 confirmed up to date" in data.skip_message
    assert all(checked(project)[p] is not None for p in PARTITIONS)
    with project.engine.connect() as conn:
        assert freshness_result(conn, PARTITIONS).passed


def test_a_change_the_sensor_missed_is_requested_and_a_fresh_one_is_left_to_it(project):
    synced(project)
    before = checked(project)
    backdated_update(project, "instance_1", "ENG-3", seconds=240)
    project.sandbox.instance("instance_2").update_issue("WEB-2", summary="changed just now")
    data = project.schedule_tick(TICK)
    assert project.requested(data) == ["instance_1:ENG"]
    assert data.run_requests[0].tags["jirasync/trigger"] == "schedule"
    # Neither project with a pending change is confirmed; the others are.
    after = checked(project)
    assert after["instance_1:ENG"] == before["instance_1:ENG"] and after["instance_2:WEB"] == before["instance_2:WEB"]
    assert after["instance_1:OPS"] is not None
    # The fresh change is the change sensor's; once a run has landed both, nobody asks again.
    ten_minutes_ago = int((time.time() - 600) * 1000)
    cursor = json.dumps({"instance_1": ten_minutes_ago, "instance_2": ten_minutes_ago})
    assert project.requested(project.tick("jira_change_sensor", cursor)) == ["instance_1:ENG", "instance_2:WEB"]
    assert all(o.success for o in run_partition_syncs(project.defs, project.instance, ["instance_1:ENG", "instance_2:WEB"]))
    assert not project.schedule_tick(TICK).run_requests


def test_in_flight_and_disabled_partitions_are_left_alone(project):
    synced(project)
    backdated_update(project, "instance_1", "ENG-3", seconds=240)
    backdated_update(project, "instance_2", "WEB-2", seconds=240)
    project.instance.add_run(DagsterRun(job_name="jira_sync_job", run_id="started-eng", status=DagsterRunStatus.STARTED,
                                        tags={"dagster/partition": "instance_1:ENG"}))
    with project.engine.begin() as conn:
        conn.execute(sa.text("UPDATE jira_projects SET active = false WHERE partition_key = 'instance_2:WEB'"))
    assert not project.schedule_tick(TICK).run_requests


def test_never_synced_partitions_get_a_first_run_per_instance(project):
    project.discover()
    data = project.schedule_tick(TICK)
    assert project.requested(data) == PARTITIONS
    assert sorted(r.tags["jirasync/instance"] for r in data.run_requests) == ["instance_1", "instance_2"]
    assert data.run_requests[0].run_key.startswith(f"schedule:{TICK.isoformat()}:")


def test_due_reconciliations_are_spread_over_ticks_oldest_first(project, monkeypatch):
    synced(project)
    with project.engine.begin() as conn:
        conn.execute(sa.text("UPDATE jira_sync_state SET last_reconciled_at = now() - interval '7 hours' - "
                             "(interval '1 minute' * (ascii(right(partition_key, 1))))"))
        oldest = conn.execute(sa.text("SELECT partition_key FROM jira_sync_state ORDER BY last_reconciled_at "
                                      "LIMIT 2")).scalars().all()
    data = project.schedule_tick(TICK)
    # 6 partitions, a 6-hour cadence and a 10-minute schedule: ceil(6 / 36) + 1 = 2 per tick.
    assert project.requested(data) == sorted(oldest)
    assert all(r.tags["jirasync/reconcile"] == "true" and r.tags["jirasync/trigger"] == "reconcile"
               for r in data.run_requests)


def test_an_unreachable_instance_is_skipped_and_the_other_served(project, monkeypatch):
    synced(project)
    backdated_update(project, "instance_1", "ENG-3", seconds=240)
    backdated_update(project, "instance_2", "WEB-2", seconds=240)
    monkeypatch.setenv("JIRA_TOKEN_2", "wrong")
    assert project.requested(project.schedule_tick(TICK)) == ["instance_1:ENG"]


def test_freshness_fails_for_a_project_neither_synced_nor_checked_recently(project):
    synced(project)
    with project.engine.begin() as conn:
        conn.execute(sa.text("UPDATE jira_sync_state SET last_sync_at = now() - interval '2 hours', "
                             "last_checked_at = NULL WHERE partition_key = 'instance_2:DATA'"))
        result = freshness_result(conn, PARTITIONS)
    assert not result.passed and result.metadata["stale_examples"].value == "instance_2:DATA"
    project.schedule_tick(TICK)
    with project.engine.connect() as conn:
        assert freshness_result(conn, PARTITIONS).passed


def test_interval_and_status_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("JIRASYNC_SCHEDULE_MINUTES", raising=False)
    monkeypatch.delenv("JIRASYNC_AUTOMATION", raising=False)
    assert build_sync_schedule([]).cron_schedule == "*/10 * * * *"
    assert default_schedule_status().value == "STOPPED"
    monkeypatch.setenv("JIRASYNC_SCHEDULE_MINUTES", "1")
    monkeypatch.setenv("JIRASYNC_AUTOMATION", "on")
    assert schedule_minutes() == 2 and build_sync_schedule([]).cron_schedule == "*/2 * * * *"
    assert build_sync_schedule([]).default_status.value == "RUNNING"
