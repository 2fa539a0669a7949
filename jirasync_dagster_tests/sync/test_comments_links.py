"""Comments and links: a first load and every kind of change land exactly, at the cost the README states."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.operations.reset import execute_reset, plan_reset
from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster.sandbox.render_extras import COMMENTS_IN_SEARCH
from jirasync_dagster.sandbox.timefmt import now_ms
from jirasync_dagster_tests.sync.helpers import (
    HookedClient,
    assert_extras_mirror,
    client_for,
    ready_warehouse,
    run_sync,
    sync,
)

FLAVOURS = {"instance_1": "cloud", "instance_2": "datacenter"}
PARTITIONS = ("ENG", "OPS")


@pytest.fixture
def server():
    specs = [InstanceSpec(name, flavour, issues=40, seed=11, projects=PARTITIONS, many_comments_every=6)
             for name, flavour in FLAVOURS.items()]
    with SandboxServer(specs) as s:
        yield s


def comment_requests(server, instance: str) -> int:
    """/comment requests the instance logged since its log was cleared."""
    return sum(path.endswith("/comment") for _, _, path, _ in server.instance(instance).request_log)


def sync_all(server, warehouse, mappings, instance: str, **options) -> list:
    return [sync(server, warehouse, mappings, f"{instance}:{p}", reconcile=True, **options) for p in PARTITIONS]


@pytest.mark.parametrize("instance", sorted(FLAVOURS))
def test_first_load_then_every_kind_of_change_mirrors_comments_and_links(server, database_url, instance):
    warehouse, mappings = ready_warehouse(database_url)
    jira = server.instance(instance)
    many = [r for r in jira.records_in(None) if len(jira.comments(r)) > COMMENTS_IN_SEARCH]
    assert many and jira.link_snapshot()  # the seed gives issues past the embedded comments, and links
    jira.clear_request_log()
    first = sync_all(server, warehouse, mappings, instance)
    # One /comment request per issue past the embedded comments (each has at most 50: one page of 100).
    assert sum(r.comment_api_calls for r in first) == comment_requests(server, instance) == len(many)
    assert sum(r.comments_fetched for r in first) == sum(len(jira.comments(r)) - COMMENTS_IN_SEARCH for r in many)
    assert sum(r.comments_written for r in first) == len(jira.comment_snapshot())
    assert_extras_mirror(server, warehouse, instance)

    eng = sorted(jira.records_in({"ENG"}), key=lambda r: r.id)
    commented = [r for r in eng if jira.comments(r)]
    jira.add_comment(eng[0].key, "added after the first load")
    jira.edit_comment(commented[1].key, jira.comments(commented[1])[0][0], "edited")
    jira.delete_comment(commented[2].key, jira.comments(commented[2])[-1][0])
    ops = jira.records_in({"OPS"})[0]
    jira.add_link(eng[3].key, ops.key, "Relates")
    existing = next(iter(jira.links.links))
    jira.remove_link(existing)
    # A seeded link: the other side is not touched by the move, so only its key in our row must follow.
    moved = next(r for r in commented[3:] if jira.links.of_issue(r.id))
    gone = next(r for r in commented[3:] if r is not moved)
    jira.move_issue(moved.key, "OPS")
    jira.add_link(gone.key, ops.key)
    jira.delete_issue(gone.key)

    later = sync_all(server, warehouse, mappings, instance)
    assert_extras_mirror(server, warehouse, instance)
    assert sum(r.comments_deleted for r in later) >= 1 + len(jira.comments(gone))
    with warehouse.engine.connect() as conn:
        of_gone = conn.execute(sa.text("SELECT count(*), count(deleted_at) FROM jira_issue_comments "
                                       "WHERE instance = :i AND issue_id = :g"), {"i": instance, "g": gone.id}).one()
        moved_projects = set(conn.execute(sa.text("SELECT DISTINCT project_key FROM jira_issue_comments "
                                                  "WHERE instance = :i AND issue_id = :m"),
                                          {"i": instance, "m": moved.id}).scalars())
    assert of_gone[0] == of_gone[1] > 0  # kept, soft-deleted
    assert moved_projects == {"OPS"}
    warehouse.dispose()


@pytest.mark.parametrize("instance", sorted(FLAVOURS))
def test_an_issue_past_the_embedded_comments_gets_all_of_them_and_a_quiet_sync_asks_for_none(server, database_url,
                                                                                              instance):
    warehouse, mappings = ready_warehouse(database_url)
    jira = server.instance(instance)
    sync_all(server, warehouse, mappings, instance)
    issue = min(jira.records_in({"ENG"}), key=lambda r: len(jira.comments(r)))
    for n in range(125 - len(jira.comments(issue))):
        jira.add_comment(issue.key, f"comment {n}")
    jira.clear_request_log()
    report = sync(server, warehouse, mappings, f"{instance}:ENG")
    # 20 embedded, then pages of 100 from startAt 20: two requests for the other 105.
    assert (report.comment_api_calls, report.comments_fetched) == (2, 105) == (comment_requests(server, instance), 105)
    assert_extras_mirror(server, warehouse, instance)

    jira.clear_request_log()
    quiet = sync(server, warehouse, mappings, f"{instance}:ENG")  # re-reads the issue in its 5-minute overlap
    assert quiet.fetched >= 1 and quiet.comment_api_calls == comment_requests(server, instance) == 0
    assert quiet.comments_written == quiet.links_written == 0
    warehouse.dispose()


def test_a_link_to_an_issue_deleted_before_its_project_synced_is_dropped(server, database_url):
    instance = "instance_1"
    warehouse, mappings = ready_warehouse(database_url)
    jira = server.instance(instance)
    # Changes an hour behind JIRA's Date header: each watermark is then the newest `updated` read.
    jira.set_clock(lambda: now_ms() - 3_600_000)
    eng = sorted(jira.records_in({"ENG"}), key=lambda r: r.id)
    unseen = jira.create_issue("OPS")["key"]
    jira.add_link(eng[0].key, unseen)
    jira.update_issue(eng[1].key)  # newer than the link, so the next ENG read starts past eng[0]
    sync(server, warehouse, mappings, f"{instance}:ENG", overlap_minutes=0)
    jira.delete_issue(unseen)  # JIRA drops the link without touching eng[0]
    reports = sync_all(server, warehouse, mappings, instance, overlap_minutes=0)
    assert reports[0].fetched == 1  # eng[1] alone: eng[0]'s row was not read again
    assert sum(r.links_deleted for r in reports) == 1
    assert_extras_mirror(server, warehouse, instance)
    warehouse.dispose()


def test_reset_deletes_the_partitions_comments_and_links_only(server, database_url):
    instance = "instance_2"
    warehouse, mappings = ready_warehouse(database_url)
    sync_all(server, warehouse, mappings, instance)
    with warehouse.engine.connect() as conn:
        execute_reset(warehouse.engine, plan_reset(conn, [f"{instance}:ENG"]))
        left = {table: dict(conn.execute(sa.text(f"SELECT project_key, count(*) FROM {table} GROUP BY 1")).all())
                for table in ("jira_issue_comments", "jira_issue_links")}
    assert [set(counts) for counts in left.values()] == [{"OPS"}, {"OPS"}]
    warehouse.dispose()


class Crash(Exception):
    """The sync dying between two pages."""


def test_a_crash_mid_read_leaves_comments_and_links_of_committed_batches_only(server, database_url):
    instance = "instance_2"
    warehouse, mappings = ready_warehouse(database_url)
    pages = []

    def crash_on_third_page(_jql):
        pages.append(1)
        if len(pages) == 3:
            raise Crash

    client = client_for(server, instance)
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
    assert 0 < len(issues) < len(server.instance(instance).snapshot("ENG")) and with_comments and with_links
    assert with_comments | with_links <= issues
    sync_all(server, warehouse, mappings, instance)
    assert_extras_mirror(server, warehouse, instance)
    warehouse.dispose()
