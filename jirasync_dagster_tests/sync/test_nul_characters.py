"""A NUL character in JIRA text, which Postgres cannot store, fails nothing: it lands as U+FFFD."""

import sqlalchemy as sa

from jirasync_dagster.operations.issue_check import (
    compare_issue,
    fetch_issue,
    sync_fields,
)
from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster.warehouse.copy_format import json_value
from jirasync_dagster_tests.sync.helpers import (
    client_for,
    ready_warehouse,
    sandbox_view,
    sync,
    warehouse_view,
)


def test_nul_in_a_summary_lands_as_replacement_character(database_url):
    warehouse, mappings = ready_warehouse(database_url)
    with SandboxServer([InstanceSpec("instance_1", "cloud", 30, 5, ("ENG",))]) as server:
        store = server.instance("instance_1")
        record = store.records_in({"ENG"})[0]
        store.update_issue(record.key, summary="bad\x00byte")
        report = sync(server, warehouse, mappings, "instance_1:ENG")
        assert report.fetched == 30 and warehouse_view(warehouse, "instance_1") == sandbox_view(server, "instance_1")
        client = client_for(server, "instance_1")
        issue = fetch_issue(client, record.key, sync_fields(mappings, "instance_1"))
        client.close()
    with warehouse.engine.connect() as conn:
        summary, raw_summary = conn.execute(sa.text(
            "SELECT summary, raw->'fields'->>'summary' FROM jira_issues_v2 WHERE issue_id = :i"), {"i": record.id}).one()
    assert summary == raw_summary == "bad\ufffdbyte"
    # the changelog row of that update holds the same text
    with warehouse.engine.connect() as conn:
        texts = conn.execute(sa.text("SELECT to_string FROM jira_issue_changelog WHERE issue_id = :i "
                                     "AND field = 'summary'"), {"i": record.id}).scalars().all()
    assert "bad\ufffdbyte" in texts
    # and `jirasync issue` finds the row matching JIRA, not a difference
    with warehouse.engine.connect() as conn:
        check = compare_issue(conn, "instance_1", issue, mappings, "instance_1:ENG")
    assert issue["fields"]["summary"] == "bad\x00byte"
    assert check.row_state == "current" and check.differences == []
    warehouse.dispose()


def test_only_real_nul_escapes_are_replaced_in_json():
    """An escaped backslash followed by `u0000` is text, not a NUL."""
    sent = rb'{"a":"x\u0000y","b":"\\u0000","c":"\\\u0000"}'
    assert json_value(sent) == r'{"a":"x\\ufffdy","b":"\\\\u0000","c":"\\\\\\ufffd"}'
