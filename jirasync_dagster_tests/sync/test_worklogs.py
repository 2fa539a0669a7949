"""Worklogs mirrored exactly over HTTP: JIRA's feeds on Cloud and Data Center, issue by issue without them."""

import pytest

from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster_tests.sync.helpers import sync, sync_all
from jirasync_dagster_tests.sync.worklog_views import sandbox_worklogs, worklog_requests, worklogs_view

FLAVOURS = [("cloud", True), ("datacenter", True), ("datacenter", False)]


def _server(flavour: str, feed: bool) -> SandboxServer:
    return SandboxServer([InstanceSpec("instance_1", flavour, issues=60, seed=5, projects=("ENG", "OPS"),
                                       worklog_feed=feed)])


@pytest.mark.parametrize(("flavour", "feed"), FLAVOURS, ids=["cloud", "datacenter", "datacenter-no-feed"])
def test_worklogs_stay_exact_through_adds_edits_deletes_moves_and_issue_deletions(warehouse_and_mappings, flavour,
                                                                                   feed):
    warehouse, mappings = warehouse_and_mappings
    with _server(flavour, feed) as server:
        jira = server.instance("instance_1")
        sync_all(server, warehouse, mappings, "instance_1")
        assert worklogs_view(warehouse, "instance_1") == sandbox_worklogs(server, "instance_1") != {}
        eng = sorted(jira.records_in({"ENG"}), key=lambda r: r.id)
        logged = sorted(jira.worklogs.snapshot())
        added = int(jira.worklogs.add(eng[0].key, 5400, "Pairing on the fix")["id"])
        jira.worklogs.edit(logged[0], seconds=60, comment="shorter")
        jira.worklogs.delete(logged[1])
        with_worklog = next(r for r in eng[1:] if jira.worklogs.of_issue(r.id))
        jira.move_issue(with_worklog.key, "OPS")
        doomed = next(r for r in eng[1:] if r.id != with_worklog.id and jira.worklogs.of_issue(r.id))
        jira.delete_issue(doomed.key)
        sync_all(server, warehouse, mappings, "instance_1")
        mirrored = worklogs_view(warehouse, "instance_1")
        assert mirrored == sandbox_worklogs(server, "instance_1")
        assert added in mirrored and logged[1] not in mirrored
        assert {w for w, (issue, _, _) in mirrored.items() if issue == with_worklog.id} and all(
            project == "OPS" for issue, project, _ in mirrored.values() if issue == with_worklog.id)
        assert not any(issue == doomed.id for issue, _, _ in mirrored.values())


@pytest.mark.parametrize(("flavour", "feed"), FLAVOURS, ids=["cloud", "datacenter", "datacenter-no-feed"])
def test_a_sync_with_no_change_reads_at_most_the_updated_feed(warehouse_and_mappings, flavour, feed):
    warehouse, mappings = warehouse_and_mappings
    with _server(flavour, feed) as server:
        jira = server.instance("instance_1")
        first = sync(server, warehouse, mappings, "instance_1:ENG")
        assert first.worklog_requests["worklog_updated" if feed else "worklog_issue"] >= 1
        jira.clear_request_log()
        quiet = sync(server, warehouse, mappings, "instance_1:ENG")
        # Without the feeds, the one request is the probe that finds /worklog/updated missing (404).
        assert worklog_requests(server, "instance_1") == {"updated": 1}
        assert quiet.worklogs_written == quiet.worklogs_deleted == 0
