"""What the project-parts step costs: requests of a first and a quiet sync, switches, odd Sprint values."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.jira import JiraClient, connections_from_env
from jirasync_dagster.sandbox import CUSTOM_FIELDS
from jirasync_dagster_tests.sync.helpers import run_sync, sync
from jirasync_dagster_tests.sync.parts_views import cache_fields, part_paths, sandbox_parts, warehouse_parts

AGILE = "/rest/agile/1.0"


@pytest.mark.parametrize(("instance", "api"), [("instance_1", 3), ("instance_2", 2)])
def test_first_load_then_quiet_syncs_cost_the_stated_requests(sandbox, warehouse_and_mappings, instance, api):
    warehouse, mappings = warehouse_and_mappings
    store, partition = sandbox.instance(instance), f"{instance}:ENG"
    cache_fields(sandbox, warehouse, instance)
    store.clear_request_log()
    first = sync(sandbox, warehouse, mappings, partition)
    # ENG's scrum board 1 and kanban board 4 in one page; only the scrum board is asked for sprints.
    assert part_paths(sandbox, instance) == sorted([
        f"{AGILE}/board", f"{AGILE}/board/1/sprint", f"/rest/api/{api}/project/ENG/components",
        f"/rest/api/{api}/project/ENG/versions"])
    assert dict(first.part_requests) == {"versions": 1, "components": 1, "boards": 1, "sprints": 1}

    store.clear_request_log()
    quiet = sync(sandbox, warehouse, mappings, partition)
    # Versions, components and the active and future sprints of the one board that has any; nothing written.
    assert part_paths(sandbox, instance) == sorted([
        f"{AGILE}/board/1/sprint", f"/rest/api/{api}/project/ENG/components", f"/rest/api/{api}/project/ENG/versions"])
    assert sum(quiet.part_rows.values()) == 0
    assert quiet.as_metadata()["sprints_requests"] == 1 and quiet.as_metadata()["boards_requests"] == 0

    active = next(i for i, s in store.agile.sprints.items() if s["board"] == 1 and s["state"] == "active")
    store.agile.set_state(active, "closed")
    store.clear_request_log()
    closing = sync(sandbox, warehouse, mappings, partition)
    assert part_paths(sandbox, instance) == sorted([
        f"{AGILE}/board/1/sprint", f"{AGILE}/sprint/{active}", f"/rest/api/{api}/project/ENG/components",
        f"/rest/api/{api}/project/ENG/versions"])
    assert closing.part_rows["sprints"] == 1
    store.clear_request_log()
    sync(sandbox, warehouse, mappings, partition)
    # Board 1 has only closed sprints now: no Agile request at all.
    assert part_paths(sandbox, instance) == sorted([f"/rest/api/{api}/project/ENG/components",
                                                    f"/rest/api/{api}/project/ENG/versions"])


def test_switched_off_parts_send_no_request_and_write_nothing(sandbox, warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    env = {**sandbox.env(), "JIRA_SKIP_1": "versions, components,sprints"}
    cache_fields(sandbox, warehouse, "instance_1", env)
    (connection,) = [c for c in connections_from_env(env) if c.name == "instance_1"]
    sandbox.instance("instance_1").clear_request_log()
    with JiraClient(connection) as client:
        report = run_sync(client, warehouse, mappings, "instance_1:ENG")
    assert report.fetched > 0 and part_paths(sandbox, "instance_1") == []
    assert sum(report.part_requests.values()) == sum(report.part_rows.values()) == 0
    assert warehouse_parts(warehouse, "instance_1", "ENG") == dict.fromkeys(warehouse_parts(warehouse, "instance_1",
                                                                                            "ENG"), set())
    with warehouse.engine.connect() as conn:
        # The Sprint field is not even requested.
        assert not conn.execute(sa.text("SELECT count(*) FROM jira_issues_v2 WHERE raw->'fields' ? :f"),
                                {"f": CUSTOM_FIELDS["instance_1"]["sprint"]}).scalar()
        assert conn.execute(sa.text("SELECT count(*) FROM jira_sprint_issues_state")).scalar() == 0


def test_a_malformed_sprint_string_is_counted_and_kept_raw_without_failing_the_batch(sandbox, warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    store, field = sandbox.instance("instance_2"), CUSTOM_FIELDS["instance_2"]["sprint"]
    cache_fields(sandbox, warehouse, "instance_2")
    issue = next(r for r in store.records_in(["ENG"]) if store.agile.sprint_ids(r))
    valid = store.agile.field_value(issue)[-1]
    broken = "com.atlassian.greenhopper.service.sprint.Sprint@1a2b[rapidViewId=1,state=CLOSED,name=No id]"
    store.update_issue(issue.key, **{field: [broken, "not a sprint", valid]})
    report = sync(sandbox, warehouse, mappings, "instance_2:ENG")
    assert report.sprint_values_unparsed == 2
    expected = sandbox_parts(sandbox, "instance_2", "ENG")["sprint_issues"] - {
        (s, issue.id) for s in store.agile.sprint_ids(issue)} | {(store.agile.sprint_ids(issue)[-1], issue.id)}
    assert warehouse_parts(warehouse, "instance_2", "ENG")["sprint_issues"] == expected
    with warehouse.engine.connect() as conn:
        raw = conn.execute(sa.text("SELECT raw->'fields'->:f FROM jira_issues_v2 WHERE issue_id = :i"),
                           {"f": field, "i": issue.id}).scalar()
    assert raw == [broken, "not a sprint", valid]
