"""The lineage maps the warehouse: every table a sync writes, history and statistics are assets, with row counts."""

import sqlalchemy as sa
from dagster import materialize

from jirasync_dagster.assets.keys import (
    BOARDS,
    CHANGELOG,
    COMMENTS,
    COMPONENTS,
    HISTORY,
    ISSUES,
    LINKS,
    SPRINT_ISSUES,
    SPRINTS,
    STATISTICS,
    USERS,
    VERSIONS,
    WORKLOGS,
)
from jirasync_dagster.assets.row_counts import MIRRORED_KEYS
from jirasync_dagster.assets.statistics import jira_sync_statistics
from jirasync_dagster.cli.runs import run_partition_syncs
from jirasync_dagster.resources import build_resources

ROW_COUNT = "dagster/row_count"


def test_definitions_chain_issues_to_history_to_statistics(project):
    graph = project.defs.resolve_asset_graph()
    assert {ISSUES, CHANGELOG, HISTORY, STATISTICS} <= graph.get_all_asset_keys()
    assert graph.get(HISTORY).parent_keys == {ISSUES}
    assert graph.get(STATISTICS).parent_keys == {HISTORY}
    assert graph.get(HISTORY).is_external  # reported by the runs and the sensor, never a run of its own
    # Every table the sync writes is an output of the same step as the issues, and the sync job selects them.
    tables = {ISSUES, CHANGELOG, COMMENTS, LINKS, VERSIONS, COMPONENTS, BOARDS, SPRINTS, SPRINT_ISSUES, WORKLOGS,
              USERS}
    assert project.defs.resolve_assets_def(ISSUES).keys == tables
    assert tables <= set(project.defs.resolve_job_def("jira_sync_job").asset_layer.selected_asset_keys)


def materializations(project, key, run_id) -> dict:
    records = project.instance.fetch_materializations(key, limit=100).records
    return {r.partition_key: {k: v.value for k, v in r.asset_materialization.metadata.items()}
            for r in records if r.run_id == run_id}


def counts(project, partition) -> tuple[int, int]:
    instance, key = partition.split(":")
    with project.engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT count(DISTINCT i.issue_id) FILTER (WHERE i.deleted_at IS NULL), count(c.issue_id) "
            "FROM jira_issues_v2 i LEFT JOIN jira_issue_changelog c USING (instance, issue_id) "
            "WHERE i.instance = :i AND i.project_key = :p"), {"i": instance, "p": key}).one()


# What each table holds of one project, counted independently of the product's own queries.
TABLE_COUNTS = {
    COMMENTS: "SELECT count(*) FROM jira_issue_comments WHERE instance = :i AND project_key = :p AND deleted_at IS NULL",
    LINKS: "SELECT count(*) FROM jira_issue_links WHERE instance = :i AND project_key = :p",
    VERSIONS: "SELECT count(*) FROM jira_versions WHERE instance = :i AND project_key = :p AND deleted_at IS NULL",
    COMPONENTS: "SELECT count(*) FROM jira_components WHERE instance = :i AND project_key = :p AND deleted_at IS NULL",
    BOARDS: "SELECT count(*) FROM jira_boards WHERE instance = :i AND project_key = :p AND deleted_at IS NULL",
    SPRINTS: "SELECT count(*) FROM jira_sprints s JOIN jira_boards b USING (instance, board_id) "
             "WHERE instance = :i AND b.project_key = :p AND s.deleted_at IS NULL",
    SPRINT_ISSUES: "SELECT count(*) FROM jira_sprint_issues m JOIN jira_issues_v2 i USING (instance, issue_id) "
                   "WHERE instance = :i AND i.project_key = :p",
    WORKLOGS: "SELECT count(*) FROM jira_worklogs WHERE instance = :i AND project_key = :p AND deleted_at IS NULL",
    USERS: "SELECT count(*) FROM jira_users WHERE instance = :i AND user_key IN (" + " UNION ".join(
        [*(f"SELECT raw #>> '{{fields,{f},{k}}}' FROM jira_issues_v2 WHERE instance = :i AND project_key = :p "
           "AND deleted_at IS NULL" for f in ("assignee", "reporter") for k in ("accountId", "name")),
         *(f"SELECT {c} FROM {t} WHERE instance = :i AND project_key = :p" for t, c in (
             ("jira_issue_comments", "author_id"), ("jira_worklogs", "author_id"), ("jira_components", "lead_id")))]
    ) + ")",
}


def table_count(project, sql: str, partition: str) -> int:
    instance, key = partition.split(":")
    with project.engine.connect() as conn:
        return conn.execute(sa.text(sql), {"i": instance, "p": key}).scalar()


def test_every_table_is_materialized_per_partition_in_the_sync_run_with_row_counts(project):
    project.discover()
    partitions = sorted(project.instance.get_dynamic_partitions("jira_projects"))
    single = project.sync(partitions[0]).run_id
    many = {o.run_id for o in run_partition_syncs(project.defs, project.instance, partitions[1:])}
    assert len(many) == 1
    for run_id, synced in ((single, partitions[:1]), (many.pop(), partitions[1:])):
        issues, changelog = materializations(project, ISSUES, run_id), materializations(project, CHANGELOG, run_id)
        assert sorted(issues) == sorted(changelog) == synced
        for partition in synced:
            live, items = counts(project, partition)
            assert issues[partition][ROW_COUNT] == live > 0 and issues[partition]["issues_fetched"] == live
            assert changelog[partition][ROW_COUNT] == items > 0
            assert changelog[partition]["changelog_entries"] == items  # a first sync stores every item
        for key, sql in TABLE_COUNTS.items():  # each table's row count, per partition, in the same run
            per_partition = materializations(project, key, run_id)
            assert sorted(per_partition) == synced, key
            counted = {partition: table_count(project, sql, partition) for partition in synced}
            assert {p: m[ROW_COUNT] for p, m in per_partition.items()} == counted, key
            assert sum(counted.values()) > 0, f"the sandbox's projects hold no {key.to_user_string()}"
        history = materializations(project, HISTORY, run_id)[None]
        assert history["recorded_rows"] == len(synced)
    with project.engine.connect() as conn:
        assert history[ROW_COUNT] == conn.execute(sa.text("SELECT count(*) FROM jira_sync_history")).scalar()


def test_statistics_asset_writes_the_table_and_markdown(project):
    project.discover()
    project.sync("instance_1:ENG")
    project.sync("instance_2:WEB")
    result = materialize([jira_sync_statistics], resources=build_resources(), instance=project.instance)
    assert result.success
    metadata = {k: v.value for k, v in
                result.asset_materializations_for_node("jira_sync_statistics")[0].metadata.items()}
    assert metadata[ROW_COUNT] == 9 and metadata["history_rows"] == 2  # overall and 2 projects × 3 periods
    markdown = metadata["statistics"].splitlines()
    assert markdown[0].startswith("| project | period | runs | success |")
    assert any(line.startswith("| overall | 7d | 2 | 100.0% |") for line in markdown)
    with project.engine.connect() as conn:
        stored = conn.execute(sa.text(
            "SELECT scope, runs, succeeded, issues FROM jira_sync_statistics WHERE period = 'all' ORDER BY 1")).all()
        fetched = dict(conn.execute(sa.text(
            "SELECT partition_key, sum(issues_fetched) FROM jira_sync_history GROUP BY 1")).all())
    assert [tuple(r) for r in stored] == [
        ("instance_1:ENG", 1, 1, fetched["instance_1:ENG"]), ("instance_2:WEB", 1, 1, fetched["instance_2:WEB"]),
        ("overall", 2, 2, sum(fetched.values()))]
