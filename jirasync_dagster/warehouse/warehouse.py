"""The warehouse: one engine on the Postgres that holds the mirrored issues."""

import sqlalchemy as sa

from jirasync_dagster.warehouse.database_url import describe_url, normalise_url
from jirasync_dagster.warehouse.locks import transaction_lock
from jirasync_dagster.warehouse.schema import ensure_filter_indexes, metadata
from jirasync_dagster.warehouse import changelog as _changelog_tables  # noqa: F401 — registers its tables on metadata
from jirasync_dagster.warehouse import project_tables as _project_tables  # noqa: F401 — registers its tables too
from jirasync_dagster.warehouse import worklog_tables as _worklog_tables  # noqa: F401 — and worklogs'
from jirasync_dagster.warehouse import user_tables as _user_tables  # noqa: F401 — and users'

# A merge's staging table holds a batch with `raw` inline: 2,000 issues are 12-16 MB. In
# Postgres's default 8 MB of temporary buffers half of it was written to disk and read back
# on every merge (36,000 evictions in a 30k-issue sync), ~15 µs per issue of the server's CPU.
STAGE_BUFFERS = "64MB"
# A warehouse that cannot be reached fails the run within this many seconds, not the OS's minutes.
CONNECT_TIMEOUT_SECONDS = 10
# SQLSTATEs of a server gone or going: connection exceptions and the shutdown/startup family.
UNAVAILABLE_STATES = ("08", "57P01", "57P02", "57P03")


class WarehouseUnavailableError(RuntimeError):
    """The warehouse Postgres cannot be reached, or went away while the run used it."""


class Warehouse:
    """Connections to the warehouse Postgres and the creation of its tables."""

    def __init__(self, url: str):
        self.url = normalise_url(url)
        # UTF-8 on the wire whatever the server's encoding: COPY payloads are sent as UTF-8 bytes.
        connect_args = {"client_encoding": "utf8"}
        if "connect_timeout" not in sa.engine.make_url(self.url).query:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
        self.engine = sa.create_engine(self.url, pool_pre_ping=True, pool_size=4, max_overflow=8,
                                       connect_args=connect_args)
        sa.event.listen(self.engine, "connect", _size_stage_buffers)
        sa.event.listen(self.engine, "handle_error", self._unavailable)

    def create_tables(self) -> None:
        """Migrate jirasync's tables to the newest revision (safe to call from concurrent runs).

        Alembic runs in this transaction under the schema advisory lock, so concurrent callers
        migrate one after the other and the later ones find nothing to do.
        """
        from jirasync_dagster.warehouse import migrations

        with self.engine.begin() as conn:
            transaction_lock(conn, "schema")
            if migrations.current_revision(conn) != migrations.head_revision():
                migrations.upgrade(conn)
            # Safety net while a table is added to schema.metadata before its revision exists;
            # test_migrations_match_schema_metadata names such tables until the revision is written.
            metadata.create_all(conn, checkfirst=True)
            ensure_filter_indexes(conn)

    def server_version(self) -> str:
        """The Postgres server version string."""
        with self.engine.connect() as conn:
            return conn.execute(sa.text("SHOW server_version")).scalar()

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()

    def _unavailable(self, context: sa.engine.ExceptionContext) -> None:
        """Turn a lost or refused connection into an error that names the warehouse and the fix."""
        # A failed pre-ping is how the pool notices a restarted server and reconnects: not an outage.
        if context.is_pre_ping or not _is_outage(context):
            return None
        reason = str(context.original_exception).strip().splitlines()[0]
        password = sa.engine.make_url(self.url).password
        if password:
            reason = reason.replace(str(password), "***")
        raise WarehouseUnavailableError(
            f"the warehouse Postgres ({describe_url(self.url)}) is unavailable: {reason}. Check that the server "
            "is running and reachable and that JIRASYNC_DATABASE_URL names it, then run again: a batch that "
            "was not committed is not kept, and the next run resumes from the last committed watermark"
        ) from None


def _size_stage_buffers(dbapi_connection, _record) -> None:
    # Set on each new connection, before any temporary table (Postgres refuses it after);
    # a SET, not a connect option, so the URL's or PGOPTIONS' own options still apply.
    with dbapi_connection.cursor() as cursor:
        cursor.execute(f"SET temp_buffers = '{STAGE_BUFFERS}'")
    dbapi_connection.commit()


def _is_outage(context: sa.engine.ExceptionContext) -> bool:
    # No connection yet means connecting failed; otherwise the driver says the link broke.
    if context.connection is None or context.is_disconnect:
        return True
    state = getattr(context.original_exception, "pgcode", None) or ""
    return state.startswith(UNAVAILABLE_STATES)
