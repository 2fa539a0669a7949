"""jira_users over HTTP: the users synced rows name, read once in bulk (Cloud) or one by one (Data Center), again
when stale; the switch; a no-change sync's cost; reset."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.jira import JiraClient, connections_from_env
from jirasync_dagster.operations.reset import execute_reset, plan_reset
from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster_tests.sandbox.conftest import session_for
from jirasync_dagster_tests.sync.helpers import run_sync, sync

NAMED = ("SELECT coalesce(raw->'fields'->'{0}'->>'accountId', raw->'fields'->'{0}'->>'name') FROM jira_issues_v2")
REFERENCED = (f"{NAMED.format('assignee')} UNION {NAMED.format('reporter')} "
              "UNION SELECT author_id FROM jira_issue_comments UNION SELECT author_id FROM jira_worklogs "
              "UNION SELECT lead_id FROM jira_components")


def _user_requests(server) -> int:
    return sum(path.endswith(("/user/bulk", "/user")) for _, _, path, _ in server.instance("instance_1").request_log)


def _users(warehouse) -> dict[str, tuple]:
    with warehouse.engine.connect() as conn:
        return {k: (n, e, a, z) for k, n, e, a, z in conn.execute(sa.text(
            "SELECT user_key, display_name, email, active, time_zone FROM jira_users"))}


@pytest.mark.parametrize("flavour", ["cloud", "datacenter"])
def test_users_are_read_once_and_again_when_stale(warehouse_and_mappings, flavour):
    warehouse, mappings = warehouse_and_mappings
    with SandboxServer([InstanceSpec("instance_1", flavour, issues=40, seed=3, projects=("ENG",))]) as server:
        jira = server.instance("instance_1")
        jira.worklogs.add("ENG-1", 600)  # by the sandbox account, which no seeded row names
        first = sync(server, warehouse, mappings, "instance_1:ENG")
        stored = _users(warehouse)
        with warehouse.engine.connect() as conn:
            named = set(conn.execute(sa.text(f"SELECT k FROM ({REFERENCED}) r(k) WHERE k IS NOT NULL")).scalars())
        assert set(stored) == named and len(named) > 10
        key = "sandbox-0001" if flavour == "cloud" else "sandbox"
        assert stored[key] == ("Sandbox Admin", "sandbox@example.com", True, "UTC")
        assert first.user_requests == (-(-len(named) // 90) if flavour == "cloud" else len(named))
        assert first.users_written == len(named)
        jira.clear_request_log()
        session = session_for(server, "instance_1")
        assert session.put(f"{server.instance_url('instance_1')}/_sandbox/users/{key}",
                           json={"displayName": "Renamed Admin"}).status_code == 204
        quiet = sync(server, warehouse, mappings, "instance_1:ENG")
        assert _user_requests(server) == quiet.user_requests == 0 and _users(warehouse)[key][0] == "Sandbox Admin"
        with warehouse.engine.begin() as conn:
            conn.execute(sa.text("UPDATE jira_users SET synced_at = now() - interval '8 days' WHERE user_key = :k"),
                         {"k": key})
        stale = sync(server, warehouse, mappings, "instance_1:ENG")
        assert _user_requests(server) == stale.user_requests == 1 and stale.users_written == 1
        assert _users(warehouse)[key][0] == "Renamed Admin"


def test_users_switched_off_send_no_user_request_and_write_nothing(warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    with SandboxServer([InstanceSpec("instance_1", "cloud", issues=40, seed=3, projects=("ENG",))]) as server:
        (connection,) = connections_from_env({**server.env(), "JIRA_SKIP_1": "users"})
        with JiraClient(connection) as client:
            report = run_sync(client, warehouse, mappings, "instance_1:ENG")
        assert _user_requests(server) == report.user_requests == 0 and report.inserted == 40
    assert _users(warehouse) == {}


def test_reset_of_a_partition_keeps_only_the_users_other_rows_name(warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    with SandboxServer([InstanceSpec("instance_1", "cloud", issues=60, seed=3, projects=("ENG", "OPS"))]) as server:
        for project in ("ENG", "OPS"):
            sync(server, warehouse, mappings, f"instance_1:{project}")
    before = set(_users(warehouse))
    with warehouse.engine.connect() as conn:
        execute_reset(warehouse.engine, plan_reset(conn, ["instance_1:ENG"]))
        named = set(conn.execute(sa.text(f"SELECT k FROM ({REFERENCED}) r(k) WHERE k IS NOT NULL")).scalars())
    assert set(_users(warehouse)) == named and named < before


def test_a_user_jira_does_not_know_is_remembered_and_not_asked_for_again_until_stale(warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    with SandboxServer([InstanceSpec("instance_1", "datacenter", issues=40, seed=3, projects=("ENG",))]) as server:
        sync(server, warehouse, mappings, "instance_1:ENG")
        with warehouse.engine.begin() as conn:  # a comment by an account deleted since
            conn.execute(sa.text("INSERT INTO jira_issue_comments (instance, comment_id, issue_id, project_key, "
                                 "author_id, raw) SELECT instance, 1, issue_id, project_key, 'ghost', '{}' "
                                 "FROM jira_issues_v2 LIMIT 1"))
        server.instance("instance_1").clear_request_log()
        sync(server, warehouse, mappings, "instance_1:ENG")
        assert _user_requests(server) == 1 and _users(warehouse)["ghost"] == (None, None, None, None)
        server.instance("instance_1").clear_request_log()
        sync(server, warehouse, mappings, "instance_1:ENG")
        assert _user_requests(server) == 0
    with warehouse.engine.connect() as conn:
        raw = conn.execute(sa.text("SELECT jsonb_typeof(raw) FROM jira_users WHERE user_key = 'ghost'")).scalar()
    assert raw == "null"
