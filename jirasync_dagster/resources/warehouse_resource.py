"""WarehouseResource and FieldMappingResource: the Postgres side of every run."""

from typing import Optional

from dagster import ConfigurableResource, Failure
from pydantic import Field, PrivateAttr

from jirasync_dagster.mapping import FieldMapping, MappingStore
from jirasync_dagster.mapping.rollout import active_mappings_with_columns
from jirasync_dagster.warehouse import (
    Warehouse,
    resolve_database_url,
)
from jirasync_dagster.warehouse.warehouse import WarehouseUnavailableError


class WarehouseResource(ConfigurableResource):
    """The warehouse Postgres: JIRASYNC_DATABASE_URL, or the embedded server when unset."""

    database_url: Optional[str] = Field(default=None, description="SQLAlchemy URL; unset: embedded Postgres.")
    _warehouse: Optional[Warehouse] = PrivateAttr(default=None)

    def get(self) -> Warehouse:
        """The warehouse with its tables created (once per process)."""
        if self._warehouse is None:
            warehouse = Warehouse(self.database_url or resolve_database_url())
            try:
                warehouse.create_tables()
            except WarehouseUnavailableError as exc:
                warehouse.dispose()
                # A Failure reaches the run's error (and `jirasync sync`) as it is; any other
                # exception hides behind Dagster's "Error occurred while executing op".
                raise Failure(description=str(exc)) from None
            self._warehouse = warehouse
        return self._warehouse

    def teardown_after_execution(self, context) -> None:
        """Close the run's connections: `jirasync sync` runs many runs in one process."""
        if self._warehouse is not None:
            self._warehouse.dispose()
            self._warehouse = None


class FieldMappingResource(ConfigurableResource):
    """The user's field mappings, read from Postgres at the start of each materialization."""

    warehouse: WarehouseResource

    def store(self) -> MappingStore:
        """The mapping store on the warehouse."""
        store = MappingStore(self.warehouse.get().engine)
        store.ensure_tables()
        return store

    def active(self) -> list[FieldMapping]:
        """The active mappings, with their columns present in jira_issues_v2."""
        return active_mappings_with_columns(self.warehouse.get().engine)
