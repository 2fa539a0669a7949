"""Partition syncs against the sandbox over HTTP into a real Postgres."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.jira import JiraBadRequestError
from jirasync_dagster.sync import ProjectInvisibleError
from jirasync_dagster_tests.sync.helpers import (
    sandbox_view,
    sync,
    warehouse_view,
)


@pytest.mark.parametrize("partition", ["instance_1:ENG", "instance_2:ENG"])
def test_first_sync_lands_exactly_the_project(sandbox, warehouse_and_mappings, partition):
    warehouse, mappings = warehouse_and_mappings
    instance, project = partition.split(":")
    report = sync(sandbox, warehouse, mappings, partition)
    assert report.mode == "full" and report.fetched == report.inserted > 0
    assert warehouse_view(warehouse, instance, project) == sandbox_view(sandbox, instance, project)
    assert report.watermark_after is not None


def test_no_change_incremental_costs_one_search_and_writes_nothing(sandbox, warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    sync(sandbox, warehouse, mappings, "instance_1:OPS")
    with warehouse.engine.connect() as conn:
        before = conn.execute(sa.text("SELECT max(synced_at) FROM jira_issues_v2")).scalar()
    sandbox.instance("instance_1").clear_request_log()
    report = sync(sandbox, warehouse, mappings, "instance_1:OPS")
    searches = [r for r in sandbox.instance("instance_1").request_log if "/search" in r[2]]
    assert report.mode == "incremental"
    assert len(searches) == 1 and report.inserted == report.updated == 0
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT max(synced_at) FROM jira_issues_v2")).scalar() == before


@pytest.mark.parametrize("instance", ["instance_1", "instance_2"])
def test_updates_creates_deletes_and_moves_converge(sandbox, warehouse_and_mappings, instance):
    warehouse, mappings = warehouse_and_mappings
    jira = sandbox.instance(instance)
    sync(sandbox, warehouse, mappings, f"{instance}:ENG")
    first, second, third = [s["key"] for s in jira.snapshot("ENG")[:3]]
    jira.update_issue(first, summary="changed in JIRA")
    jira.create_issue("ENG", summary="brand new")
    jira.delete_issue(second)
    moved_key = jira.move_issue(third, "DATA" if instance == "instance_2" else "OPS")
    report = sync(sandbox, warehouse, mappings, f"{instance}:ENG", reconcile=True)
    assert report.updated == 1 and report.inserted == 1 and report.deleted == 1 and report.moved == 1
    assert warehouse_view(warehouse, instance, "ENG") == sandbox_view(sandbox, instance, "ENG")
    moved_id = next(i for i, (k, _, _) in sandbox_view(sandbox, instance).items() if k == moved_key)
    assert warehouse_view(warehouse, instance)[moved_id][0] == moved_key
    with warehouse.engine.connect() as conn:
        summary = conn.execute(sa.text("SELECT summary FROM jira_issues_v2 WHERE issue_key = :k"), {"k": first}).scalar()
        assert summary == "changed in JIRA"


def test_invisible_project_is_not_mass_deletion(sandbox, warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    sync(sandbox, warehouse, mappings, "instance_2:WEB")
    before = warehouse_view(warehouse, "instance_2", "WEB")
    sandbox.instance("instance_2").set_project_visible("WEB", False)
    # JIRA answers a search of a project the account cannot see with 400 "does not exist or no
    # permission"; the run fails before reconciliation could read it as mass deletion.
    with pytest.raises(JiraBadRequestError, match="WEB"):
        sync(sandbox, warehouse, mappings, "instance_2:WEB", reconcile=True)
    assert warehouse_view(warehouse, "instance_2", "WEB") == before


def test_zero_ids_while_rows_exist_is_refused(sandbox, warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    sync(sandbox, warehouse, mappings, "instance_1:SUP")
    before = warehouse_view(warehouse, "instance_1", "SUP")
    jira = sandbox.instance("instance_1")
    for issue in jira.snapshot("SUP"):
        jira.delete_issue(issue["key"])
    with pytest.raises(ProjectInvisibleError, match="lists no issues in SUP but the warehouse holds"):
        sync(sandbox, warehouse, mappings, "instance_1:SUP", reconcile=True)
    assert warehouse_view(warehouse, "instance_1", "SUP") == before
