"""Versioned migrations of jirasync's own warehouse tables (Alembic), run from `Warehouse.create_tables()`.

The user's mapping columns of jira_issues_v2 are not migrated here: schema sync adds them
(`warehouse.columns.add_missing_columns`) as mappings change.

Adding a revision (when a table, column or index of `schema.py` changes):

    python -m jirasync_dagster.warehouse.migrations revision -m "add jira_changelog"

writes `versions/<rev>_add_jira_changelog.py` after the current head; fill in `upgrade()` with
`op.create_table(...)`, `op.add_column(...)`, `op.create_index(..., if_not_exists=True)`.
`python -m jirasync_dagster.warehouse.migrations check` (against JIRASYNC_DATABASE_URL) and the
test `test_migrations_match_schema_metadata` fail while `schema.metadata` and the revisions disagree.
"""

import functools
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

SCRIPT_LOCATION = Path(__file__).resolve().parent
VERSION_TABLE = "jirasync_alembic_version"


def alembic_config(connection: sa.Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config on this package's scripts; `connection` (or `url`) is the warehouse."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("path_separator", "os")
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


@functools.cache
def head_revision() -> str:
    """The newest revision of the scripts."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(conn: sa.Connection) -> str | None:
    """The revision the warehouse is at (None before the first migration)."""
    return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def upgrade(conn: sa.Connection, revision: str = "head") -> None:
    """Migrate the warehouse to `revision` inside the caller's transaction (which holds the schema lock)."""
    command.upgrade(alembic_config(conn), revision)
