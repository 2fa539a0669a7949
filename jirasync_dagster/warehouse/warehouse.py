"""The warehouse: one engine on the Postgres that holds the mirrored issues."""

import sqlalchemy as sa

from jirasync_dagster.warehouse.database_url import normalise_url
from jirasync_dagster.warehouse.locks import transaction_lock
from jirasync_dagster.warehouse.schema import metadata


class Warehouse:
    """Connections to the warehouse Postgres and the creation of its tables."""

    def __init__(self, url: str):
        self.url = normalise_url(url)
        self.engine = sa.create_engine(self.url, pool_pre_ping=True, pool_size=4, max_overflow=8)

    def create_tables(self) -> None:
        """Create every table jirasync owns, if missing (safe to call from concurrent runs)."""
        with self.engine.begin() as conn:
            transaction_lock(conn, "schema")
            metadata.create_all(conn, checkfirst=True)

    def server_version(self) -> str:
        """The Postgres server version string."""
        with self.engine.connect() as conn:
            return conn.execute(sa.text("SHOW server_version")).scalar()

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()
