"""JIRA_SKIP_<n> reaches the Dagster runs: the instance's resource leaves the named entities out."""

import sqlalchemy as sa

from jirasync_dagster_tests.sensors.support import make_project


def rows(engine, table: str, instance: str) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT count(*) FROM {table} WHERE instance = :i"), {"i": instance}).scalar()


def test_a_run_mirrors_only_what_the_instance_does_not_skip(monkeypatch, sandbox, database_url, tmp_path):
    project = make_project(monkeypatch, sandbox, database_url, tmp_path, JIRA_SKIP_1="comments, links,versions")
    try:
        project.discover()
        for partition in ("instance_1:ENG", "instance_2:ENG"):
            project.sync(partition)
        for table in ("jira_issue_comments", "jira_issue_links", "jira_versions"):
            assert rows(project.engine, table, "instance_1") == 0, table
            assert rows(project.engine, table, "instance_2") > 0, table
        assert rows(project.engine, "jira_components", "instance_1") > 0  # not skipped
        sandbox.instance("instance_1").clear_request_log()
        project.sync("instance_1:ENG")
        paths = [path for _, _, path, _ in sandbox.instance("instance_1").request_log]
        assert not any("/comment" in p or "/versions" in p for p in paths), paths
    finally:
        project.engine.dispose()
        project.instance.dispose()
