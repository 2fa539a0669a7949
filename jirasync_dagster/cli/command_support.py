"""What the jirasync commands share: the warehouse, the mapping store and the JIRA clients."""

import contextlib
import getpass
from collections.abc import Iterator

from rich.console import Console

from jirasync_dagster.jira import (
    ConfigurationError,
    JiraClient,
    connections_from_env,
)
from jirasync_dagster.mapping import FieldSource, MappingError, MappingStore
from jirasync_dagster.mapping.model import Source
from jirasync_dagster.warehouse import (
    Warehouse,
    resolve_database_url,
)

console = Console()


def actor() -> str:
    """Who made a change, as recorded in the mapping history."""
    return f"cli:{getpass.getuser()}"


@contextlib.contextmanager
def open_warehouse() -> Iterator[tuple[Warehouse, MappingStore]]:
    """The warehouse (tables created) and its mapping store, closed afterwards."""
    warehouse = Warehouse(resolve_database_url())
    try:
        warehouse.create_tables()
        yield warehouse, MappingStore(warehouse.engine)
    finally:
        warehouse.dispose()


@contextlib.contextmanager
def jira_clients() -> Iterator[list[JiraClient]]:
    """A client per configured JIRA instance, closed afterwards."""
    connections = connections_from_env()
    if not connections:
        raise ConfigurationError("no JIRA instance is configured: set JIRA_URL_1 and its credentials "
                                 "(`jirasync sandbox` prints a working set)")
    clients = [JiraClient(connection) for connection in connections]
    try:
        yield clients
    finally:
        for client in clients:
            client.close()


def parse_sources(options: tuple[str, ...]) -> dict[str, Source]:
    """`instance=field[,field…]` options as sources (`*=field` for every instance)."""
    sources: dict[str, Source] = {}
    for option in options:
        instance, separator, fields = option.partition("=")
        if not separator or not fields:
            raise MappingError(f"--source {option!r}: write INSTANCE=FIELD_ID, e.g. instance_1=customfield_10016")
        sources[instance.strip()] = FieldSource(tuple(f.strip() for f in fields.split(",")))
    return sources
