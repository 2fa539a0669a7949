"""Acceptance: complete changelogs and transition columns after full and incremental syncs,
on a Cloud and a Data Center sandbox over real HTTP, into a real Postgres."""

import math
from datetime import datetime

import pytest
import sqlalchemy as sa

from jirasync_dagster.mapping import MappingStore, column_sql_type, load_mapping_file
from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster.warehouse import add_missing_columns
from jirasync_dagster_tests.sync.helpers import ready_warehouse, sync

TRANSITION_MAPPINGS = """
version: 1
mappings:
  - column: closed_at
    type: datetime
    group: lifecycle
    description: Latest transition to Done or Closed
    sources:
      "*": {transition_to: [done, CLOSED], pick: latest}
  - column: started_at
    type: datetime
    group: lifecycle
    sources:
      "*": {transition_to: [In Progress], pick: first}
  - column: work_seconds
    type: integer
    group: lifecycle
    description: Seconds in In Progress or In Review (completed stays)
    sources:
      "*": {time_in_status: [in progress, In Review]}
"""


@pytest.fixture
def server():
    """A Cloud and a Data Center site with long changelogs, fresh for each test (tests change and delete issues)."""
    specs = [
        InstanceSpec("instance_1", "cloud", 160, 11, ("ENG", "OPS"), long_changelog_every=9),
        InstanceSpec("instance_2", "datacenter", 160, 12, ("ENG", "OPS"), "America/Los_Angeles",
                     long_changelog_every=9),
    ]
    with SandboxServer(specs) as running:
        yield running


def with_transition_mappings(database_url):
    warehouse, _ = ready_warehouse(database_url)
    store = MappingStore(warehouse.engine)
    store.merge(load_mapping_file(TRANSITION_MAPPINGS), actor="test", note="transition columns")
    mappings = store.load_active()
    with warehouse.engine.begin() as conn:
        add_missing_columns(conn, {m.column: column_sql_type(m.type) for m in mappings})
    return warehouse, mappings


def ms(value: datetime | None) -> int | None:
    return None if value is None else round(value.timestamp() * 1000)


def expected_changelog(server, instance: str, project: str) -> set[tuple]:
    store = server.instance(instance)
    return {(r.id, hid, index, item["field"], item["toString"], created)
            for r in store.records_in({project}) for hid, _, created, items in store.histories(r)
            for index, item in enumerate(items)}


def stored_changelog(warehouse, instance: str, project: str) -> set[tuple]:
    with warehouse.engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT issue_id, history_id, item_index, field, to_string, created FROM jira_issue_changelog_live "
            "WHERE instance = :i AND project_key = :p"), {"i": instance, "p": project}).all()
    return {(i, h, n, f, t, ms(c)) for i, h, n, f, t, c in rows}


def expected_transitions(server, instance: str, project: str) -> dict[int, tuple]:
    """{issue_id: (closed_at ms, started_at ms, work_seconds)} computed straight from the sandbox's histories."""
    store = server.instance(instance)
    result = {}
    for r in store.records_in({project}):
        closed, started, work_ms, entered, left = [], [], 0, None, False
        for _, _, created, items in store.histories(r):
            targets = {item["toString"].lower() for item in items if item["field"] == "status"}
            if targets & {"done", "closed"}:
                closed.append(created)
            if "in progress" in targets:
                started.append(created)
            if targets & {"in progress", "in review"}:
                entered = created if entered is None else entered
            elif targets and entered is not None:
                work_ms, entered, left = work_ms + created - entered, None, True
        result[r.id] = (max(closed, default=None), min(started, default=None), round(work_ms / 1000) if left else None)
    return result


def stored_transitions(warehouse, instance: str, project: str) -> dict[int, tuple]:
    with warehouse.engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT issue_id, closed_at, started_at, work_seconds FROM jira_issues_v2 "
            "WHERE instance = :i AND project_key = :p AND deleted_at IS NULL"), {"i": instance, "p": project}).all()
    return {i: (ms(c), ms(s), w) for i, c, s, w in rows}


def assert_exact(server, warehouse, instance, project):
    assert stored_changelog(warehouse, instance, project) == expected_changelog(server, instance, project)
    expected = expected_transitions(server, instance, project)
    assert stored_transitions(warehouse, instance, project) == expected
    assert all(any(values[n] for values in expected.values()) for n in range(3))


@pytest.mark.parametrize("instance", ["instance_1", "instance_2"])
def test_full_then_incremental_sync_keeps_changelogs_and_transition_columns_exact(server, database_url, instance):
    warehouse, mappings = with_transition_mappings(database_url)
    partition = f"{instance}:ENG"
    store = server.instance(instance)
    records = store.records_in({"ENG"})
    long_ones = [r for r in records if len(store.histories(r)) > 100]
    assert long_ones, "the sandbox should give some issues more than one changelog page"

    report = sync(server, warehouse, mappings, partition)
    assert report.changelog_entries == len(expected_changelog(server, instance, "ENG"))
    assert_exact(server, warehouse, instance, "ENG")

    # Move issues through statuses: start, finish, reopen and finish again, close.
    todo = [r.key for r in records if r.status_i == 0][:4]
    done = [r.key for r in records if r.status_i == 4][:3]
    for key in todo:
        store.update_issue(key, status="In Progress")
    for key in todo[:2] + done:
        store.update_issue(key, status="Done")
    for key in done[:2]:
        store.update_issue(key, status="In Progress")
        store.update_issue(key, status="closed")
    store.update_issue(long_ones[0].key, status="Won't Do")
    store.update_issue(long_ones[0].key, summary="renamed after many ranks")
    created = store.create_issue("ENG")
    store.update_issue(created["key"], status="In Progress")

    report = sync(server, warehouse, mappings, partition)
    assert report.mode == "incremental"
    assert report.changelog_entries == sum(
        len(items) for r in store.records_in({"ENG"})
        if r.key in set(todo + done + [long_ones[0].key, created["key"]])
        for _, _, _, items in store.histories(r))
    assert_exact(server, warehouse, instance, "ENG")
    # Nothing changed: no changelog is fetched again.
    report = sync(server, warehouse, mappings, partition)
    assert report.changelog_entries == 0 and report.changelog_api_calls == 0
    assert_exact(server, warehouse, instance, "ENG")


def test_full_refresh_rewrites_rows_and_transition_columns_are_derived_again(server, database_url):
    warehouse, mappings = with_transition_mappings(database_url)
    sync(server, warehouse, mappings, "instance_1:OPS")
    report = sync(server, warehouse, mappings, "instance_1:OPS", full_refresh=True)
    assert report.changelog_api_calls == 0  # rows rewritten, changelogs unchanged: derived from storage
    assert_exact(server, warehouse, "instance_1", "OPS")


def test_soft_deleted_issues_keep_their_changelog_out_of_the_live_view(server, database_url):
    warehouse, mappings = with_transition_mappings(database_url)
    sync(server, warehouse, mappings, "instance_2:OPS")
    store = server.instance("instance_2")
    victim = next(r for r in store.records_in({"OPS"}) if store.histories(r))
    entries = sum(len(items) for *_, items in store.histories(victim))
    store.delete_issue(victim.key)
    sync(server, warehouse, mappings, "instance_2:OPS", reconcile=True)
    with warehouse.engine.connect() as conn:
        kept = conn.execute(sa.text("SELECT count(*) FROM jira_issue_changelog WHERE instance = 'instance_2' "
                                    "AND issue_id = :i"), {"i": victim.id}).scalar()
        live = conn.execute(sa.text("SELECT count(*) FROM jira_issue_changelog_live WHERE instance = 'instance_2' "
                                    "AND issue_id = :i"), {"i": victim.id}).scalar()
    assert (kept, live) == (entries, 0)
    assert_exact(server, warehouse, "instance_2", "OPS")


def test_cloud_changelogs_of_n_changed_issues_cost_about_n_over_1000_requests(database_url):
    spec = InstanceSpec("instance_1", "cloud", 2300, 5, ("ENG",), long_changelog_every=50)
    with SandboxServer([spec]) as server:
        warehouse, mappings = with_transition_mappings(database_url)
        store = server.instance("instance_1")
        store.clear_request_log()
        report = sync(server, warehouse, mappings, "instance_1:ENG")
        calls = [path for _, _, path, _ in store.request_log if "changelog" in path]
        assert set(calls) == {"/rest/api/3/changelog/bulkfetch"}
        # One call per 1000 issues, plus a page where a chunk holds over 10,000 entries.
        assert math.ceil(2300 / 1000) <= len(calls) <= math.ceil(2300 / 1000) + report.changelog_entries // 10_000
        assert report.changelog_api_calls == len(calls)
        assert_exact(server, warehouse, "instance_1", "ENG")

        changed = [r.key for r in store.records_in({"ENG"})[:1500]]
        for n, key in enumerate(changed):
            store.update_issue(key, status="Done" if n % 2 else "In Progress")
        store.clear_request_log()
        report = sync(server, warehouse, mappings, "instance_1:ENG")
        calls = [path for _, _, path, _ in store.request_log if "changelog" in path]
        assert len(calls) == math.ceil(1500 / 1000) == report.changelog_api_calls
        assert_exact(server, warehouse, "instance_1", "ENG")


def test_backfill_from_raw_derives_transition_columns_from_stored_changelogs(server, database_url):
    from jirasync_dagster.sync.rederive import rederive_columns

    warehouse, mappings = with_transition_mappings(database_url)
    sync(server, warehouse, mappings, "instance_2:ENG")
    with warehouse.engine.begin() as conn:
        conn.execute(sa.text("UPDATE jira_issues_v2 SET closed_at = NULL, started_at = NULL, work_seconds = NULL"))
    store = server.instance("instance_2")
    store.clear_request_log()
    report = rederive_columns(warehouse.engine, mappings, ["closed_at", "started_at", "work_seconds"])
    assert report.rows == report.written > 0 and store.request_log == []
    assert_exact(server, warehouse, "instance_2", "ENG")


def test_changelogs_are_fetched_while_the_read_goes_on(database_url):
    """Changelogs of the issues read so far are fetched before the read ends, not all after it."""
    from jirasync_dagster.sandbox.config import FaultConfig

    spec = InstanceSpec("instance_1", "cloud", 1200, 5, ("ENG",), long_changelog_every=50)
    with SandboxServer([spec]) as server:
        warehouse, mappings = with_transition_mappings(database_url)
        store = server.instance("instance_1")
        store.set_faults(FaultConfig(latency_ms=20))
        store.clear_request_log()
        report = sync(server, warehouse, mappings, "instance_1:ENG", batch_size=200, parallel_slices=1,
                      changelog_chunk_size=100)
        paths = [path for _, _, path, _ in store.request_log]
        changelog_calls = [n for n, path in enumerate(paths) if "changelog" in path]
        searches = [n for n, path in enumerate(paths) if path.endswith("/search/jql")]
        assert len(searches) == 12 and changelog_calls[0] < searches[-1]
        # The progress's forecast: one count beside a read of more than one page.
        assert sum(path.endswith("/search/approximate-count") for path in paths) == 1
        assert report.changelog_api_calls == len(changelog_calls)
        assert_exact(server, warehouse, "instance_1", "ENG")


def test_pass_after_the_read_scans_the_partition_once_when_nothing_is_left(server, database_url):
    """Every fetch thread of the pass asks for more at the end; one empty answer must end them all."""
    warehouse, mappings = with_transition_mappings(database_url)
    scans = []

    def count_pending_scans(conn, cursor, statement, *args):
        if "LEFT JOIN jira_issue_changelog_state" in statement:
            scans.append(statement)

    sa.event.listen(warehouse.engine, "before_cursor_execute", count_pending_scans)
    report = sync(server, warehouse, mappings, "instance_1:OPS", parallel_slices=6)
    # A chunk of derived rows, then the one empty answer.
    assert len(scans) == 2 and report.fetched > 0
    assert_exact(server, warehouse, "instance_1", "OPS")
