"""Comments and links: a first load and every kind of change land exactly, at the cost the README states."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.sandbox.render_extras import COMMENTS_IN_SEARCH
from jirasync_dagster.sandbox.timefmt import now_ms
from jirasync_dagster_tests.sync.conftest import FLAVOURS
from jirasync_dagster_tests.sync.helpers import assert_extras_mirror, ready_warehouse, sync, sync_all


def comment_requests(server, instance: str) -> int:
    """/comment requests the instance logged since its log was cleared."""
    return sum(path.endswith("/comment") for _, _, path, _ in server.instance(instance).request_log)


@pytest.mark.parametrize("instance", sorted(FLAVOURS))
def test_first_load_then_every_kind_of_change_mirrors_comments_and_links(comment_sandbox, database_url, instance):
    warehouse, mappings = ready_warehouse(database_url)
    jira = comment_sandbox.instance(instance)
    many = [r for r in jira.records_in(None) if len(jira.comments(r)) > COMMENTS_IN_SEARCH]
    assert many and jira.link_snapshot()  # the seed gives issues past the embedded comments, and links
    jira.clear_request_log()
    first = sync_all(comment_sandbox, warehouse, mappings, instance)
    # One /comment request per issue past the embedded comments (each has at most 50: one page of 100).
    assert sum(r.comment_api_calls for r in first) == comment_requests(comment_sandbox, instance) == len(many)
    assert sum(r.comments_fetched for r in first) == sum(len(jira.comments(r)) - COMMENTS_IN_SEARCH for r in many)
    assert sum(r.comments_written for r in first) == len(jira.comment_snapshot())
    assert_extras_mirror(comment_sandbox, warehouse, instance)

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

    later = sync_all(comment_sandbox, warehouse, mappings, instance)
    assert_extras_mirror(comment_sandbox, warehouse, instance)
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
def test_an_issue_past_the_embedded_comments_gets_all_of_them_and_a_quiet_sync_asks_for_none(comment_sandbox, database_url,
                                                                                              instance):
    warehouse, mappings = ready_warehouse(database_url)
    jira = comment_sandbox.instance(instance)
    sync_all(comment_sandbox, warehouse, mappings, instance)
    issue = min(jira.records_in({"ENG"}), key=lambda r: len(jira.comments(r)))
    for n in range(125 - len(jira.comments(issue))):
        jira.add_comment(issue.key, f"comment {n}")
    jira.clear_request_log()
    report = sync(comment_sandbox, warehouse, mappings, f"{instance}:ENG")
    # 20 embedded, then pages of 100 from startAt 20: two requests for the other 105.
    assert (report.comment_api_calls, report.comments_fetched) == (2, 105) == (comment_requests(comment_sandbox, instance), 105)
    assert_extras_mirror(comment_sandbox, warehouse, instance)

    jira.clear_request_log()
    quiet = sync(comment_sandbox, warehouse, mappings, f"{instance}:ENG")  # re-reads the issue in its 5-minute overlap
    assert quiet.fetched >= 1 and quiet.comment_api_calls == comment_requests(comment_sandbox, instance) == 0
    assert quiet.comments_written == quiet.links_written == 0
    warehouse.dispose()


def test_a_link_to_an_issue_deleted_before_its_project_synced_is_dropped(comment_sandbox, database_url):
    instance = "instance_1"
    warehouse, mappings = ready_warehouse(database_url)
    jira = comment_sandbox.instance(instance)
    # Changes an hour behind JIRA's Date header: each watermark is then the newest `updated` read.
    jira.set_clock(lambda: now_ms() - 3_600_000)
    eng = sorted(jira.records_in({"ENG"}), key=lambda r: r.id)
    unseen = jira.create_issue("OPS")["key"]
    jira.add_link(eng[0].key, unseen)
    jira.update_issue(eng[1].key)  # newer than the link, so the next ENG read starts past eng[0]
    sync(comment_sandbox, warehouse, mappings, f"{instance}:ENG", overlap_minutes=0)
    jira.delete_issue(unseen)  # JIRA drops the link without touching eng[0]
    reports = sync_all(comment_sandbox, warehouse, mappings, instance, overlap_minutes=0)
    assert reports[0].fetched == 1  # eng[1] alone: eng[0]'s row was not read again
    assert sum(r.links_deleted for r in reports) == 1
    assert_extras_mirror(comment_sandbox, warehouse, instance)
    warehouse.dispose()

