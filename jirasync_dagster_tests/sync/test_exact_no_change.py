"""When nothing changed in JIRA, an incremental run costs one search and writes nothing."""

import math

import pytest
import sqlalchemy as sa

from jirasync_dagster_tests.sync.helpers import ready_warehouse, search_requests, sync, watermark_of

ID_PAGE = 16


def last_write(warehouse):
    with warehouse.engine.connect() as conn:
        return conn.execute(sa.text("SELECT max(synced_at), count(*) FROM jira_issues_v2")).one()


@pytest.mark.parametrize("instance", ["instance_1", "instance_2"])
def test_quiet_project_costs_one_search_then_id_pages_when_reconcile_is_due(sandbox, database_url, instance):
    warehouse, mappings = ready_warehouse(database_url)
    partition = f"{instance}:ENG"
    sync(sandbox, warehouse, mappings, partition)
    before, watermark = last_write(warehouse), watermark_of(warehouse, partition)

    sandbox.instance(instance).clear_request_log()
    quiet = sync(sandbox, warehouse, mappings, partition)
    assert quiet.mode == "incremental" and not quiet.reconciled
    assert search_requests(sandbox, instance) == 1 and quiet.inserted == quiet.updated == 0

    sandbox.instance(instance).clear_request_log()
    due = sync(sandbox, warehouse, mappings, partition, reconcile=True, id_page_size=ID_PAGE)
    # The incremental search, then the project's ids a page at a time; nothing is missing, so no lookups.
    id_pages = math.ceil(len(sandbox.instance(instance).snapshot("ENG")) / ID_PAGE)
    assert due.reconciled and search_requests(sandbox, instance) == 1 + id_pages
    assert due.inserted == due.updated == due.moved == due.deleted == 0

    assert last_write(warehouse) == before and watermark_of(warehouse, partition) == watermark
    warehouse.dispose()
