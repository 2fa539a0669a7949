"""Versions, components, boards, sprints and sprint membership equal JIRA after any sequence of changes."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.operations.reset import execute_reset, plan_reset
from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster_tests.sync.helpers import sync
from jirasync_dagster_tests.sync.parts_views import (
    PART_QUERIES,
    cache_fields,
    deleted_ids,
    sandbox_parts,
    warehouse_parts,
)

PROJECT = "ENG"


def in_sprint(store, sprint_id: int | None, project: str = PROJECT):
    """A live issue of the project in the sprint (None: in any), and one in none."""
    records = store.records_in([project])
    sprints = {r.id: store.agile.sprint_ids(r) for r in records}
    inside = next(r for r in records if (sprint_id in sprints[r.id] if sprint_id else sprints[r.id]))
    outside = next(r for r in records if not sprints[r.id])
    return inside, outside


@pytest.mark.parametrize("instance", ["instance_1", "instance_2"])
def test_parts_equal_jira_after_adds_renames_deletes_sprint_changes_and_moves(sandbox, warehouse_and_mappings,
                                                                              instance):
    warehouse, mappings = warehouse_and_mappings
    store, partition = sandbox.instance(instance), f"{instance}:{PROJECT}"
    cache_fields(sandbox, warehouse, instance)
    first = sync(sandbox, warehouse, mappings, partition)
    assert warehouse_parts(warehouse, instance, PROJECT) == sandbox_parts(sandbox, instance, PROJECT)
    assert first.part_rows["sprint_issues"] > 0 and first.part_rows["sprints"] >= 10

    versions = sorted(store.parts.versions)
    components = sorted(store.parts.components)
    store.parts.add("versions", PROJECT, "ENG 9.0")
    store.parts.change("versions", versions[0], name="ENG 1.0 (renamed)")
    store.parts.change("versions", versions[1], archived=True)
    store.parts.delete("versions", versions[2])
    store.parts.add("components", PROJECT, "Search")
    store.parts.change("components", components[0], name="Core backend")
    store.parts.delete("components", components[1])
    board_sprints = sorted(i for i, s in store.agile.sprints.items() if s["board"] == 1)
    active = next(i for i in board_sprints if store.agile.sprints[i]["state"] == "active")
    leaving, joining = in_sprint(store, board_sprints[0])
    store.agile.move_issue(leaving.id, board_sprints[0], into=False)
    store.agile.move_issue(joining.id, active, into=True)
    store.agile.set_state(active, "closed")
    gone, moved = in_sprint(store, active)[0], in_sprint(store, board_sprints[1])[0]
    store.delete_issue(gone.id)
    other = store.spec.projects[1]
    store.move_issue(moved.id, other)

    second = sync(sandbox, warehouse, mappings, partition, reconcile=True)
    assert second.mode == "incremental"
    assert warehouse_parts(warehouse, instance, PROJECT) == sandbox_parts(sandbox, instance, PROJECT)
    assert {versions[2]} == deleted_ids(warehouse, "jira_versions", "version_id", instance)
    assert {components[1]} == deleted_ids(warehouse, "jira_components", "component_id", instance)
    # The moved issue keeps its membership, now under the other project once that one syncs.
    sync(sandbox, warehouse, mappings, f"{instance}:{other}")
    assert moved.id in {i for _, i in warehouse_parts(warehouse, instance, other)["sprint_issues"]}
    assert warehouse_parts(warehouse, instance, other) == sandbox_parts(sandbox, instance, other)


@pytest.mark.parametrize("instance", ["instance_1", "instance_2"])
def test_sprint_started_between_full_passes_and_issue_moves_in_incremental_syncs(sandbox, warehouse_and_mappings,
                                                                                 instance):
    warehouse, mappings = warehouse_and_mappings
    store = sandbox.instance(instance)
    project = store.spec.projects[1]  # board 2
    partition = f"{instance}:{project}"
    cache_fields(sandbox, warehouse, instance)
    sync(sandbox, warehouse, mappings, partition)
    future = next(i for i, s in store.agile.sprints.items() if s["board"] == 2 and s["state"] == "future")
    store.agile.set_state(future, "active")
    inside, outside = in_sprint(store, None, project)
    store.agile.move_issue(outside.id, future, into=True)
    store.agile.move_issue(inside.id, store.agile.sprint_ids(inside)[-1], into=False)
    report = sync(sandbox, warehouse, mappings, partition)
    assert report.mode == "incremental" and not report.reconciled
    assert warehouse_parts(warehouse, instance, project) == sandbox_parts(sandbox, instance, project)
    store.agile.set_state(future, "closed")
    sync(sandbox, warehouse, mappings, partition)
    assert warehouse_parts(warehouse, instance, project) == sandbox_parts(sandbox, instance, project)


def test_reset_deletes_the_parts_of_the_partition_only(sandbox, warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    cache_fields(sandbox, warehouse, "instance_1")
    for project in ("ENG", "OPS"):
        sync(sandbox, warehouse, mappings, f"instance_1:{project}")
    with warehouse.engine.connect() as conn:
        plan = plan_reset(conn, ["instance_1:ENG"])
    execute_reset(warehouse.engine, plan)
    assert warehouse_parts(warehouse, "instance_1", "ENG") == dict.fromkeys(PART_QUERIES, set())
    assert warehouse_parts(warehouse, "instance_1", "OPS") == sandbox_parts(sandbox, "instance_1", "OPS")
    with warehouse.engine.connect() as conn:
        # Membership state is kept for OPS's issues alone; the next ENG sync takes ENG's again.
        kept = set(conn.execute(sa.text("SELECT issue_id FROM jira_sprint_issues_state")).scalars())
    assert kept == {r.id for r in sandbox.instance("instance_1").records_in(["OPS"])}


def test_a_full_refresh_takes_every_membership_again(sandbox, warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    cache_fields(sandbox, warehouse, "instance_2")
    sync(sandbox, warehouse, mappings, "instance_2:ENG")
    with warehouse.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM jira_sprint_issues"))  # lost, say, to a restore of an old backup
    sync(sandbox, warehouse, mappings, "instance_2:ENG", full_refresh=True)
    assert warehouse_parts(warehouse, "instance_2", "ENG") == sandbox_parts(sandbox, "instance_2", "ENG")


def test_sprints_without_origin_board_belong_to_the_board_that_lists_them(warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    older = InstanceSpec("instance_2", "datacenter", issues=120, seed=4, projects=("ENG", "DATA", "WEB"),
                         sprint_origin_board=False)
    with SandboxServer([older]) as server:
        cache_fields(server, warehouse, "instance_2")
        sync(server, warehouse, mappings, "instance_2:ENG")
        store = server.instance("instance_2")
        active = next(i for i, s in store.agile.sprints.items() if s["board"] == 1 and s["state"] == "active")
        store.agile.set_state(active, "closed")
        sync(server, warehouse, mappings, "instance_2:ENG")
        assert warehouse_parts(warehouse, "instance_2", "ENG") == sandbox_parts(server, "instance_2", "ENG")
