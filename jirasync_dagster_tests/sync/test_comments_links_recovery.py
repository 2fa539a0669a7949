"""Comments and links after a crash mid-read and after `jirasync reset`."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.operations.reset import execute_reset, plan_reset
from jirasync_dagster_tests.sync.helpers import (
    HookedClient,
    assert_extras_mirror,
    client_for,
    ready_warehouse,
    run_sync,
    sync_all,
)


def test_reset_deletes_the_partitions_comments_and_links_only(comment_sandbox, database_url):
    instance = "instance_2"
    warehouse, mappings = ready_warehouse(database_url)
    sync_all(comment_sandbox, warehouse, mappings, instance)
    with warehouse.engine.connect() as conn:
        execute_reset(warehouse.engine, plan_reset(conn, [f"{instance}:ENG"]))
        left = {table: dict(conn.execute(sa.text(f"SELECT project_key, count(*) FROM {table} GROUP BY 1")).all())
                for table in ("jira_issue_comments", "jira_issue_links")}
    assert [set(counts) for counts in left.values()] == [{"OPS"}, {"OPS"}]
    warehouse.dispose()


class Crash(Exception):
    """The sync dying between two pages."""


def test_a_crash_mid_read_leaves_comments_and_links_of_committed_batches_only(comment_sandbox, database_url):
    instance = "instance_2"
    warehouse, mappings = ready_warehouse(database_url)
    pages = []

    def crash_on_third_page(_jql):
        pages.append(1)
        if len(pages) == 3:
            raise Crash

    client = client_for(comment_sandbox, instance)
    client.page_size = 5
    with pytest.raises(Crash):
        run_sync(HookedClient(client, crash_on_third_page), warehouse, mappings, f"{instance}:ENG", batch_size=5,
                 parallel_slices=1)
    client.close()
    with warehouse.engine.connect() as conn:
        issues = set(conn.execute(sa.text("SELECT issue_id FROM jira_issues_v2")).scalars())
        with_comments = set(conn.execute(sa.text("SELECT issue_id FROM jira_issue_comments")).scalars())
        with_links = set(conn.execute(sa.text("SELECT issue_id FROM jira_issue_links")).scalars())
    # Some batches committed, not the last one.
    assert 0 < len(issues) < len(comment_sandbox.instance(instance).snapshot("ENG")) and with_comments and with_links
    assert with_comments | with_links <= issues
    sync_all(comment_sandbox, warehouse, mappings, instance)
    assert_extras_mirror(comment_sandbox, warehouse, instance)
    warehouse.dispose()
