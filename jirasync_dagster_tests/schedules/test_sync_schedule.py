"""jira_sync_schedule: a run per active partition, none for disabled or in-flight ones, keys per tick."""

from datetime import datetime, timezone

import sqlalchemy as sa
from dagster import DagsterRun, DagsterRunStatus

from jirasync_dagster.automation.settings import (
    default_schedule_status,
    schedule_minutes,
)
from jirasync_dagster.schedules import build_sync_schedule

TICK = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc)


def test_requests_active_partitions_except_disabled_and_in_flight(project):
    project.discover()
    with project.engine.begin() as conn:
        conn.execute(sa.text("UPDATE jira_projects SET active = false WHERE partition_key = 'instance_1:OPS'"))
    project.instance.add_run(DagsterRun(
        job_name="jira_sync_job", run_id="started-eng", status=DagsterRunStatus.STARTED,
        tags={"dagster/partition": "instance_2:ENG"},
    ))
    data = project.schedule_tick(TICK)
    keys = sorted(r.partition_key for r in data.run_requests)
    assert keys == ["instance_1:ENG", "instance_1:SUP", "instance_2:DATA", "instance_2:WEB"]
    request = next(r for r in data.run_requests if r.partition_key == "instance_2:WEB")
    assert request.run_key == f"schedule:{TICK.isoformat()}:instance_2:WEB"
    assert request.tags["jirasync/instance"] == "instance_2"


def test_skips_when_nothing_is_registered(project):
    assert "nothing to sync" in project.schedule_tick(TICK).skip_message


def test_interval_and_status_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("JIRASYNC_SCHEDULE_MINUTES", raising=False)
    monkeypatch.delenv("JIRASYNC_AUTOMATION", raising=False)
    assert build_sync_schedule().cron_schedule == "*/10 * * * *"
    assert default_schedule_status().value == "STOPPED"
    monkeypatch.setenv("JIRASYNC_SCHEDULE_MINUTES", "1")
    monkeypatch.setenv("JIRASYNC_AUTOMATION", "on")
    assert schedule_minutes() == 2 and build_sync_schedule().cron_schedule == "*/2 * * * *"
    assert build_sync_schedule().default_status.value == "RUNNING"
