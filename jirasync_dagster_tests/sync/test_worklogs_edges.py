"""Worklogs: issues not synced yet, the switch, malformed comments, paged feeds and a full refresh's repair."""

import sqlalchemy as sa

from jirasync_dagster.jira import JiraClient, connections_from_env
from jirasync_dagster.jira import worklogs as reader_module
from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster.sandbox import rest_worklogs
from jirasync_dagster_tests.sync.helpers import run_sync, sync, sync_all
from jirasync_dagster_tests.sync.worklog_views import sandbox_worklogs, worklog_requests, worklogs_view

MALFORMED_ADF = {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": "not a list of nodes"}]}
SPEC = InstanceSpec("instance_1", "cloud", issues=60, seed=5, projects=("ENG", "OPS"))


def test_worklogs_of_a_project_not_synced_yet_wait_as_ids_and_arrive_with_its_issues(warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    with SandboxServer([SPEC]) as server:
        first = sync(server, warehouse, mappings, "instance_1:ENG")
        ops = sandbox_worklogs(server, "instance_1", {"OPS"})
        assert first.worklogs_waiting == len(ops) > 0
        assert worklogs_view(warehouse, "instance_1") == sandbox_worklogs(server, "instance_1", {"ENG"})
        server.instance("instance_1").clear_request_log()
        sync(server, warehouse, mappings, "instance_1:OPS")
        assert worklog_requests(server, "instance_1") == {"updated": 1, "list": 1}  # the waiting ids, in one call
        assert worklogs_view(warehouse, "instance_1") == sandbox_worklogs(server, "instance_1")
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM jira_worklog_waiting")).scalar() == 0


def test_worklogs_switched_off_send_no_worklog_request_and_write_nothing(warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    with SandboxServer([SPEC]) as server:
        (connection,) = connections_from_env({**server.env(), "JIRA_SKIP_1": "worklogs"})
        with JiraClient(connection) as client:
            report = run_sync(client, warehouse, mappings, "instance_1:ENG")
        assert worklog_requests(server, "instance_1") == {} and report.inserted > 0
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT (SELECT count(*) FROM jira_worklogs) + "
                                    "(SELECT count(*) FROM jira_worklog_state)")).scalar() == 0
    assert sum(report.worklog_requests.values()) == report.worklogs_written == 0


def test_a_worklog_comment_that_is_not_valid_adf_is_kept_raw_and_counted(warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    with SandboxServer([SPEC]) as server:
        jira = server.instance("instance_1")
        first, second = sorted(jira.records_in({"ENG"}), key=lambda r: r.id)[:2]
        bad = int(jira.worklogs.add(first.key, 600, MALFORMED_ADF)["id"])
        good = int(jira.worklogs.add(second.key, 900, "two\n\nparagraphs")["id"])
        report = sync(server, warehouse, mappings, "instance_1:ENG")
        assert worklogs_view(warehouse, "instance_1") == sandbox_worklogs(server, "instance_1", {"ENG"})
    assert report.worklog_comment_failures == 1
    with warehouse.engine.connect() as conn:
        rows = dict(conn.execute(sa.text(
            "SELECT worklog_id, (comment_text, raw->'comment', time_spent_seconds)::text FROM jira_worklogs "
            "WHERE worklog_id IN (:b, :g)"), {"b": bad, "g": good}).all())
    assert rows[bad].startswith("(,") and "not a list of nodes" in rows[bad] and rows[bad].endswith(",600)")
    assert rows[good].startswith('("two\nparagraphs"')


def test_feeds_and_bulk_reads_are_paged(warehouse_and_mappings, monkeypatch):
    warehouse, mappings = warehouse_and_mappings
    monkeypatch.setattr(rest_worklogs, "FEED_PAGE", 7)
    monkeypatch.setattr(reader_module, "LIST_LIMIT", 10)
    with SandboxServer([SPEC]) as server:
        jira = server.instance("instance_1")
        everything = sandbox_worklogs(server, "instance_1")
        report = sync_all(server, warehouse, mappings, "instance_1")[0]
        assert worklogs_view(warehouse, "instance_1") == everything
        assert report.worklog_requests["worklog_updated"] == -(-len(everything) // 7)
        assert report.worklog_requests["worklog_list"] == -(-len(everything) // 10)
        for worklog_id in sorted(everything)[:9]:
            jira.worklogs.delete(worklog_id)
        report = sync(server, warehouse, mappings, "instance_1:ENG")
        assert report.worklog_requests["worklog_deleted"] == 2  # 9 deletions, 7 a page
        assert worklogs_view(warehouse, "instance_1") == sandbox_worklogs(server, "instance_1")


def test_a_full_refresh_reads_the_feed_from_its_start_and_repairs_lost_rows(warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    with SandboxServer([SPEC]) as server:
        sync(server, warehouse, mappings, "instance_1:ENG")
        with warehouse.engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM jira_worklogs WHERE worklog_id IN "
                                 "(SELECT worklog_id FROM jira_worklogs ORDER BY worklog_id LIMIT 3)"))
            conn.execute(sa.text("UPDATE jira_worklogs SET time_spent_seconds = 1"))
            conn.execute(sa.text("INSERT INTO jira_worklogs (instance, worklog_id, issue_id, project_key, raw) "
                                 "SELECT instance, 1, issue_id, project_key, '{}' FROM jira_issues_v2 "
                                 "WHERE project_key = 'ENG' LIMIT 1"))
        sync(server, warehouse, mappings, "instance_1:ENG", full_refresh=True)
        assert worklogs_view(warehouse, "instance_1") == sandbox_worklogs(server, "instance_1", {"ENG"})
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM jira_worklogs WHERE time_spent_seconds = 1 "
                                    "OR (worklog_id = 1 AND deleted_at IS NULL)")).scalar() == 0
