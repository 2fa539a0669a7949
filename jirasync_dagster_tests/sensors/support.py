"""A project wired to the sandbox, a test database and a Dagster instance, for automation tests."""

import os
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from dagster import (
    DagsterInstance,
    Definitions,
    build_schedule_context,
    build_sensor_context,
)

from jirasync_dagster.automation.run_requests import registered_partitions, run_partitions
from jirasync_dagster.cli.runs import run_discovery, run_partition_sync
from jirasync_dagster.definitions import build_definitions
from jirasync_dagster.resources import build_resources
from jirasync_dagster.sandbox import SandboxServer


@dataclass
class Project:
    """The definitions, Dagster instance and warehouse engine of one test."""

    defs: Definitions
    instance: DagsterInstance
    engine: sa.Engine
    sandbox: SandboxServer

    def discover(self) -> None:
        """Run jira_discovery_job in-process."""
        assert run_discovery(self.defs, self.instance).success

    def sync(self, partition: str):
        """Run jira_sync_job for `partition` in-process; returns its outcome."""
        outcome = run_partition_sync(self.defs, self.instance, partition)
        assert outcome.success, outcome.error
        return outcome

    def requested(self, data, extra_order: list[str] = ()) -> list[str]:
        """Every partition a tick's run requests cover (a request may carry a range), sorted."""
        order = [*registered_partitions(self.instance), *extra_order]
        return sorted(key for r in data.run_requests
                      for key in ([r.partition_key] if r.partition_key else run_partitions(r.tags, order)))

    def tick(self, sensor: str, cursor: str | None = None):
        """Evaluate one tick of `sensor`; returns Dagster's SensorExecutionData."""
        with build_sensor_context(instance_ref=self.instance.get_ref(), cursor=cursor, resources=build_resources(),
                                  definitions=self.defs) as context:
            return self.defs.resolve_sensor_def(sensor).evaluate_tick(context)

    def schedule_tick(self, when):
        """Evaluate jira_sync_schedule as of `when`; returns Dagster's ScheduleExecutionData."""
        with build_schedule_context(instance=self.instance, scheduled_execution_time=when,
                                    resources=build_resources(), repository_def=self.defs.get_repository_def()) as context:
            return self.defs.resolve_schedule_def("jira_sync_schedule").evaluate_tick(context)


def make_project(monkeypatch, sandbox, database_url, tmp_path, **env) -> Project:
    """Point the environment at `sandbox` and the test database, then build the definitions."""
    for name in [k for k in os.environ if k.startswith("JIRA_")]:
        monkeypatch.delenv(name)
    home = tmp_path / "dagster"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    for name, value in {**sandbox.env(), "JIRASYNC_DATABASE_URL": database_url, "DAGSTER_HOME": str(home), **env}.items():
        monkeypatch.setenv(name, value)
    return Project(build_definitions(), DagsterInstance.get(), sa.create_engine(database_url), sandbox)


@pytest.fixture
def project(monkeypatch, sandbox, database_url, tmp_path):
    """A Project on the two-instance sandbox."""
    built = make_project(monkeypatch, sandbox, database_url, tmp_path)
    yield built
    built.engine.dispose()
    built.instance.dispose()
