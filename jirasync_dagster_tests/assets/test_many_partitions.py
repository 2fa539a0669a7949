"""One jira_sync_job run carrying many partitions: per-partition metadata, checks and history; failures isolated."""

import sqlalchemy as sa

from jirasync_dagster.cli.runs import run_partition_syncs
from jirasync_dagster.history import sync_runs
from jirasync_dagster.warehouse import Warehouse
from jirasync_dagster_tests.sync.helpers import sandbox_view, warehouse_view


def test_one_run_syncs_every_partition_with_its_own_metadata_and_checks(project):
    project.discover()
    partitions = sorted(project.instance.get_dynamic_partitions("jira_projects"))
    heard = []
    outcomes = run_partition_syncs(project.defs, project.instance, partitions, on_partition=heard.append)
    assert all(o.success for o in outcomes), [o.error for o in outcomes]
    assert len({o.run_id for o in outcomes}) == 1
    assert sorted(o.partition for o in heard) == partitions
    warehouse = Warehouse(project.engine.url.render_as_string(hide_password=False))
    for outcome in outcomes:
        instance, key = outcome.partition.split(":")
        assert outcome.metadata["issues_fetched"] == len(sandbox_view(project.sandbox, instance, key)) > 0
        assert warehouse_view(warehouse, instance, key) == sandbox_view(project.sandbox, instance, key)
    warehouse.dispose()

    run_id = outcomes[0].run_id
    checks = [e.dagster_event.event_specific_data for e in project.instance.all_logs(run_id) if e.dagster_event
              and e.dagster_event.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert sorted({(c.partition, c.check_name) for c in checks}) == sorted(
        (p, name) for p in partitions for name in ("no_duplicate_issue_keys", "row_count_matches_jira"))
    assert all(c.passed for c in checks)

    history = [r for r in sync_runs(project.instance, limit=5) if r.run_id == run_id]
    assert sorted(r.partition for r in history) == partitions
    assert {r.partition: r.metadata["issues_fetched"] for r in history} == {
        o.partition: o.metadata["issues_fetched"] for o in outcomes}
    assert project.tick("jira_sync_history_sensor").cursor
    with project.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT partition_key, status FROM jira_sync_history WHERE run_id = :r ORDER BY 1"),
                            {"r": run_id}).all()
    assert [tuple(r) for r in rows] == [(p, "SUCCESS") for p in partitions]


def test_a_failing_partition_fails_the_run_but_the_others_land(project):
    project.discover()
    project.instance.add_dynamic_partitions("jira_projects", ["instance_1:GONE"])
    order = list(project.instance.get_dynamic_partitions("jira_projects"))
    # Adjacent in Dagster's order, so both go into one run.
    partitions = order[order.index("instance_1:GONE") - 1:]
    outcomes = {o.partition: o for o in run_partition_syncs(project.defs, project.instance, partitions)}
    assert len({o.run_id for o in outcomes.values()}) == 1
    assert not outcomes["instance_1:GONE"].success and "GONE" in outcomes["instance_1:GONE"].error
    landed = [p for p in partitions if p != "instance_1:GONE"]
    assert all(outcomes[p].success and outcomes[p].metadata["issues_fetched"] > 0 for p in landed)
    run = project.instance.get_run_by_id(outcomes["instance_1:GONE"].run_id)
    assert run.status.value == "FAILURE"
    history = {r.partition: r.status for r in sync_runs(project.instance, limit=5)}
    assert history["instance_1:GONE"] == "FAILURE" and all(history[p] == "SUCCESS" for p in landed)
