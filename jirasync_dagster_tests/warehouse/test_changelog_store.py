"""Stored changelogs: which are stale, which have rows, and replacing them without duplicates."""

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from jirasync_dagster.warehouse import Warehouse
from jirasync_dagster.warehouse.changelog import refresh_changelog_statistics, stale_changelogs, store_changelogs

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


def history(history_id: int, to: str) -> dict:
    return {"id": str(history_id), "created": "2025-03-01T12:00:00.000+0000", "author": {"displayName": "Ada"},
            "items": [{"field": "status", "fieldtype": "jira", "from": "1", "fromString": "To Do",
                       "to": "3", "toString": to}]}


def stored_rows(conn) -> list[tuple]:
    return conn.execute(sa.text(
        "SELECT issue_id, history_id, to_string FROM jira_issue_changelog ORDER BY issue_id, history_id")).all()


def test_stale_changelogs_name_the_issues_with_rows_to_replace(database_url):
    warehouse = Warehouse(database_url)
    warehouse.create_tables()
    with warehouse.engine.begin() as conn:
        # Issue 1 has history, issue 2 none (JIRA returned nothing), issue 3 was never fetched.
        stale, with_rows = stale_changelogs(conn, "i1", {1: T0, 2: T0})
        assert (stale, with_rows) == ({1: T0, 2: T0}, set())
        store_changelogs(conn, "i1", {1: [history(100, "Done")]}, stale, with_rows)

        later = T0 + timedelta(hours=1)
        stale, with_rows = stale_changelogs(conn, "i1", {1: later, 2: T0, 3: T0})
        assert (stale, with_rows) == ({1: later, 3: T0}, {1})
        store_changelogs(conn, "i1", {1: [history(100, "Done"), history(101, "Closed")], 3: [history(300, "Done")]},
                         stale, with_rows)
        assert stored_rows(conn) == [(1, 100, "Done"), (1, 101, "Closed"), (3, 300, "Done")]
    warehouse.dispose()


def test_statistics_refresh_gives_the_planner_sizes_and_lookup_columns(database_url):
    warehouse = Warehouse(database_url)
    warehouse.create_tables()
    with warehouse.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM jira_issue_changelog; DELETE FROM jira_issue_changelog_state"))
        fetched = {i: [history(i * 10, "Done"), history(i * 10 + 1, "Closed")] for i in range(1, 501)}
        store_changelogs(conn, "i1", fetched, {i: T0 for i in fetched})
    refresh_changelog_statistics(warehouse.engine)
    with warehouse.engine.connect() as conn:
        sizes = dict(conn.execute(sa.text(
            "SELECT relname, reltuples FROM pg_class "
            "WHERE relname IN ('jira_issue_changelog', 'jira_issue_changelog_state')")).all())
        columns = set(conn.execute(sa.text(
            "SELECT tablename || '.' || attname FROM pg_stats "
            "WHERE tablename IN ('jira_issue_changelog', 'jira_issue_changelog_state')")).scalars())
    assert sizes == {"jira_issue_changelog": 1000, "jira_issue_changelog_state": 500}
    assert {"jira_issue_changelog.issue_id", "jira_issue_changelog.field",
            "jira_issue_changelog_state.issue_id"} <= columns
    warehouse.dispose()
