"""Advisory locks keep two runs of one partition apart."""

import pytest

from jirasync_dagster.warehouse import PartitionBusyError, Warehouse, advisory_lock


def test_second_holder_is_refused_until_the_first_releases(database_url):
    warehouse = Warehouse(database_url)
    with advisory_lock(warehouse.engine, "instance_1:ENG"):
        with pytest.raises(PartitionBusyError, match="instance_1:ENG is being synced by another run"):
            with advisory_lock(warehouse.engine, "instance_1:ENG", wait_seconds=0.6):
                pass
        with advisory_lock(warehouse.engine, "instance_1:OPS"):
            pass
    with advisory_lock(warehouse.engine, "instance_1:ENG"):
        pass
    warehouse.dispose()
