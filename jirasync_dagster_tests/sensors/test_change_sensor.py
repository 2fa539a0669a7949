"""jira_change_sensor: one cheap search per instance per tick, runs for just the projects behind."""

import json
import jirasync_dagster.automation.changes as changes
from jirasync_dagster_tests.sync.helpers import search_requests


def clear(project) -> None:
    for name in ("instance_1", "instance_2"):
        project.sandbox.instance(name).clear_request_log()


def test_changed_projects_are_requested_once_and_not_after_they_synced(project):
    project.discover()
    project.sync("instance_1:ENG")
    project.sync("instance_2:WEB")
    first = project.tick("jira_change_sensor")
    cursor = json.loads(first.cursor)
    assert set(cursor) == {"instance_1", "instance_2", "_freshness"}
    # The freshness check is reported without a run: failing, as four projects were never synced.
    (evaluation,) = first.asset_events
    assert evaluation.check_name == "projects_confirmed_recently" and not evaluation.passed
    assert evaluation.metadata["stale"].value == 4
    project.sandbox.instance("instance_1").update_issue("ENG-3")
    project.sandbox.instance("instance_2").update_issue("WEB-2")
    clear(project)
    data = project.tick("jira_change_sensor", first.cursor)
    assert project.requested(data) == ["instance_1:ENG", "instance_2:WEB"]
    assert all(r.tags["jirasync/trigger"] == "change" for r in data.run_requests)
    assert search_requests(project.sandbox) == 2
    project.sync("instance_1:ENG")
    project.sync("instance_2:WEB")
    # The overlap finds the same changes again, but the watermarks have passed them.
    after = project.tick("jira_change_sensor", data.cursor)
    assert after.run_requests == []
    # Reported again only when its outcome changes or a schedule interval has passed.
    assert after.asset_events == []


def test_a_full_page_requests_every_partition_of_that_instance(project, monkeypatch):
    project.discover()
    first = project.tick("jira_change_sensor")
    monkeypatch.setattr(changes, "SCAN_LIMIT", 2)
    for key in ("OPS-1", "OPS-2", "SUP-1"):
        project.sandbox.instance("instance_1").update_issue(key)
    data = project.tick("jira_change_sensor", first.cursor)
    assert project.requested(data) == ["instance_1:ENG", "instance_1:OPS", "instance_1:SUP"]
    # Adjacent partitions of one instance travel in one run.
    assert len(data.run_requests) == 1 and data.run_requests[0].tags["jirasync/instance"] == "instance_1"
