"""Alembic environment: runs on the caller's connection (Warehouse.create_tables) or on a URL."""

import sqlalchemy as sa
from alembic import context

from jirasync_dagster.mapping.store_tables import metadata as mapping_metadata
from jirasync_dagster.warehouse.locks import transaction_lock
from jirasync_dagster.warehouse.migrations import VERSION_TABLE
from jirasync_dagster.warehouse.schema import ISSUES_TABLE, metadata as warehouse_metadata

config = context.config
target_metadata = [warehouse_metadata, mapping_metadata]


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Autogenerate/check compares only what the revisions own: user mapping columns are schema sync's."""
    if type_ == "column" and reflected and compare_to is None and obj.table.name == ISSUES_TABLE:
        return False
    if type_ == "table" and reflected and compare_to is None:
        return False  # tables of other tools (Dagster storage…) in the same database
    if type_ == "index" and reflected and compare_to is None and obj.table.name == ISSUES_TABLE:
        return False  # indexes on mapped columns (e.g. status), made by `schema.ensure_filter_indexes`
    return True


def run(connection: sa.Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, version_table=VERSION_TABLE,
                      include_object=include_object, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
elif context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      version_table=VERSION_TABLE, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = sa.create_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.begin() as conn:
            transaction_lock(conn, "schema")
            run(conn)
    finally:
        engine.dispose()
