"""The checks that run with every jira_issues partition, on both JIRA flavours."""

import pytest
import sqlalchemy as sa
from dagster import AssetCheckKey, AssetKey


def evaluations(project, partition: str, checks_only: bool = False) -> dict:
    """Run jira_sync_job (or only its checks) for `partition`; the check evaluations by check name."""
    job = project.defs.resolve_job_def("jira_sync_job")
    if checks_only:
        job = job.get_subset(asset_selection=set(), asset_check_selection={
            AssetCheckKey(AssetKey("jira_issues"), name) for name in ("no_duplicate_issue_keys", "row_count_matches_jira")})
    result = job.execute_in_process(instance=project.instance, partition_key=partition, raise_on_error=False)
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


@pytest.mark.parametrize("partition", ["instance_1:ENG", "instance_2:WEB"])
def test_checks_pass_after_a_sync_and_catch_damage(project, partition):
    project.discover()
    found = evaluations(project, partition)
    assert set(found) == {"no_duplicate_issue_keys", "row_count_matches_jira"}
    assert all(e.passed for e in found.values())
    count = found["row_count_matches_jira"].metadata
    assert count["rows"].value == count["jira_count"].value > 0

    instance, project_key = partition.split(":")
    with project.engine.begin() as conn:
        # A stray copy of one issue under another id, and a chunk of rows soft-deleted by mistake.
        conn.execute(sa.text(
            "INSERT INTO jira_issues_v2 (instance, issue_id, issue_key, project_key, raw) "
            "SELECT instance, issue_id + 1000000, issue_key, project_key, raw FROM jira_issues_v2 "
            "WHERE instance = :i AND project_key = :p ORDER BY issue_id LIMIT 1"), {"i": instance, "p": project_key})
        conn.execute(sa.text(
            "UPDATE jira_issues_v2 SET deleted_at = now() WHERE instance = :i AND issue_id IN (SELECT issue_id "
            "FROM jira_issues_v2 WHERE instance = :i AND project_key = :p ORDER BY issue_id LIMIT 10 OFFSET 1)"), {"i": instance, "p": project_key})
    found = evaluations(project, partition, checks_only=True)
    assert not found["no_duplicate_issue_keys"].passed
    assert found["no_duplicate_issue_keys"].metadata["duplicates"].value == 1
    assert not found["row_count_matches_jira"].passed
    assert found["row_count_matches_jira"].severity.value == "WARN"
