"""Comments or links switched off per instance (JIRA_SKIP_<n>), and comment bodies that give no text."""

import sqlalchemy as sa

from jirasync_dagster.jira import JiraClient, connections_from_env
from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster_tests.sync.helpers import links_view, ready_warehouse, run_sync, sync

MALFORMED_ADF = {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": "not a list of nodes"}]}


def client_skipping(server, skip: str) -> JiraClient:
    """A client of instance_1 configured with JIRA_SKIP_1=`skip`."""
    (connection,) = connections_from_env({**server.env(), "JIRA_SKIP_1": skip})[:1]
    return JiraClient(connection)


def test_comments_switched_off_request_no_comment_field_and_write_none(database_url):
    warehouse, mappings = ready_warehouse(database_url)
    spec = InstanceSpec("instance_1", "cloud", issues=40, seed=2, projects=("ENG", "OPS"), many_comments_every=4)
    with SandboxServer([spec]) as server:
        jira = server.instance("instance_1")
        with client_skipping(server, "comments") as client:
            reports = [run_sync(client, warehouse, mappings, f"instance_1:{p}") for p in ("ENG", "OPS")]
        assert not any(path.endswith("/comment") for _, _, path, _ in jira.request_log)
        assert links_view(warehouse, "instance_1") == jira.link_snapshot()  # links stay on
    with warehouse.engine.connect() as conn:
        asked = conn.execute(sa.text("SELECT bool_or(raw->'fields' ? 'comment'), bool_or(raw->'fields' ? 'issuelinks'), "
                                     "count(*) FROM jira_issues_v2")).one()
        comments = conn.execute(sa.text("SELECT count(*) FROM jira_issue_comments")).scalar()
    assert asked == (False, True, 40) and comments == 0
    assert sum(r.comments_written + r.comment_api_calls for r in reports) == 0
    warehouse.dispose()


def test_links_switched_off_write_no_link_row(database_url):
    warehouse, mappings = ready_warehouse(database_url)
    with SandboxServer([InstanceSpec("instance_1", "cloud", issues=40, seed=2, projects=("ENG",))]) as server:
        assert server.instance("instance_1").link_snapshot()
        with client_skipping(server, "links") as client:
            report = run_sync(client, warehouse, mappings, "instance_1:ENG")
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM jira_issue_links")).scalar() == report.links_written == 0
        assert conn.execute(sa.text("SELECT count(*) FROM jira_issue_comments")).scalar() > 0
    warehouse.dispose()


def test_a_comment_body_that_is_not_valid_adf_is_kept_raw_and_counted(database_url):
    warehouse, mappings = ready_warehouse(database_url)
    with SandboxServer([InstanceSpec("instance_1", "cloud", issues=30, seed=2, projects=("ENG",))]) as server:
        jira = server.instance("instance_1")
        first, second = sorted(jira.records_in({"ENG"}), key=lambda r: r.id)[:2]
        bad = int(jira.add_comment(first.key, MALFORMED_ADF)["id"])
        good = int(jira.add_comment(second.key, "two\n\nparagraphs")["id"])
        report = sync(server, warehouse, mappings, "instance_1:ENG")
    assert report.comment_body_failures == 1 and report.inserted == 30
    with warehouse.engine.connect() as conn:
        rows = {c: (text, body) for c, text, body in conn.execute(sa.text(
            "SELECT comment_id, body_text, raw->'body' FROM jira_issue_comments WHERE comment_id IN (:bad, :good)"),
            {"bad": bad, "good": good})}
    assert rows[bad] == (None, MALFORMED_ADF)
    assert rows[good][0] == "two\nparagraphs"  # ADF to text as the mapping reads descriptions
    warehouse.dispose()
