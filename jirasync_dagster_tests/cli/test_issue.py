"""`jirasync issue KEY`: JIRA now beside the warehouse row, differences explained, --sync repairs."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.mapping import FieldMapping, MappingStore, TransitionSource
from jirasync_dagster_tests.operations.cli_support import Jirasync
from jirasync_dagster_tests.sync.helpers import ready_warehouse, sync, watermark_of


@pytest.fixture
def synced(sandbox, database_url, engine):
    # a changelog-derived column too, which a merge alone would leave NULL
    MappingStore(engine).merge([FieldMapping("done_at", "datetime", sources={"*": TransitionSource(("Done",))})], "t")
    warehouse, mappings = ready_warehouse(database_url)
    sync(sandbox, warehouse, mappings, "instance_1:ENG")
    yield Jirasync(sandbox, database_url), warehouse
    warehouse.dispose()


def row(engine, key: str, column: str = "summary"):
    with engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT {column} FROM jira_issues_v2 WHERE instance = 'instance_1' "
                                    "AND issue_key = :key"), {"key": key}).scalar()


def test_issue_matches_then_goes_stale_then_resyncs(synced, sandbox, engine):
    jirasync, warehouse = synced
    with engine.connect() as conn:
        key, done_at = conn.execute(sa.text("SELECT issue_key, done_at FROM jira_issues_v2 WHERE done_at IS NOT NULL "
                                            "AND instance = 'instance_1' ORDER BY issue_id LIMIT 1")).one()
    output = jirasync("issue", key, "--instance", "instance_1")
    assert f"{key}: every column matches JIRA" in output and "row current" in output
    assert "from the changelog" in output

    sandbox.instance("instance_1").update_issue(key)  # a new summary and `updated`
    watermark = watermark_of(warehouse, "instance_1:ENG")
    output = jirasync("issue", key.lower(), "--instance", "instance_1", ok=False)
    assert "row stale" in output and "DIFFERS" in output and "stale: row's updated" in output
    assert "summary" in next(line for line in output.splitlines() if "DIFFERS" in line and "summary" in line)

    output = jirasync("issue", key, "--instance", "instance_1", "--sync")
    assert "re-synced" in output and output.rstrip().endswith("every column matches JIRA")
    assert "(edited" in row(engine, key)
    assert row(engine, key, "done_at") == done_at  # the changelog step ran after the merge, as in a sync
    assert watermark_of(warehouse, "instance_1:ENG") == watermark  # the watermark did not move


def test_issue_explains_missing_deleted_and_failed_values(synced, sandbox, engine, database_url):
    jirasync, _ = synced
    created = sandbox.instance("instance_1").create_issue("ENG")["key"]
    output = jirasync("issue", created, "--instance", "instance_1", ok=False)
    assert "row missing" in output and "row missing: not synced yet" in output

    key = sandbox.instance("instance_1").snapshot("ENG")[1]["key"]
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE jira_issues_v2 SET deleted_at = now() WHERE issue_key = :k "
                             "AND instance = 'instance_1'"), {"k": key})
    assert "row soft-deleted" in jirasync("issue", key, "--instance", "instance_1", ok=False)

    # customer tier is a select ("Gold"…): as a number column it cannot convert
    jirasync("fields", "discover")
    jirasync("fields", "add", "tier_number", "--type", "number", "--source", "instance_1=customfield_10040")
    tiered = next(r for r in sandbox.instance("instance_1").snapshot("ENG")
                  if sandbox.instance("instance_1").record(r["id"]).tier is not None)["key"]
    output = jirasync("issue", tiered, "--instance", "instance_1", ok=False)
    assert "conversion failed" in output

    assert "exists on instance_1, instance_2" in jirasync("issue", "ENG-1", ok=False)
    assert "JIRA has no issue ENG-99999" in jirasync("issue", "ENG-99999", ok=False)
    assert "is not an issue key" in jirasync("issue", "ENG 1; drop", ok=False)
    assert "no instance 'nope'" in jirasync("issue", "ENG-1", "--instance", "nope", ok=False)


def _issue_with_parts(engine) -> tuple[str, int, int, int]:
    """An ENG issue of instance_1 with comments, links and a sprint in the warehouse: (key, comments, links, sprints)."""
    with engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT issue_key, comments, links, sprints FROM (SELECT i.issue_key, i.issue_id, "
            "(SELECT count(*) FROM jira_issue_comments c "
            "  WHERE c.instance = i.instance AND c.issue_id = i.issue_id AND c.deleted_at IS NULL) AS comments, "
            "(SELECT count(*) FROM jira_issue_links l WHERE l.instance = i.instance AND l.issue_id = i.issue_id) AS links, "
            "(SELECT count(*) FROM jira_sprint_issues s WHERE s.instance = i.instance AND s.issue_id = i.issue_id) "
            "  AS sprints FROM jira_issues_v2 i WHERE i.instance = 'instance_1' AND i.project_key = 'ENG') counted "
            "ORDER BY (comments > 0 AND links > 0 AND sprints > 0) DESC, issue_id LIMIT 1")).one()


def test_issue_shows_its_comments_links_and_sprints_beside_jiras(synced, sandbox, engine):
    jirasync, _ = synced
    key, comments, links, sprints = _issue_with_parts(engine)
    assert comments and links and sprints, "the sandbox's ENG has an issue with comments, links and a sprint"
    output = jirasync("issue", key, "--instance", "instance_1")
    rows = {line.split("│")[1].strip(): [cell.strip() for cell in line.split("│")[2:5]]
            for line in output.splitlines() if line.count("│") >= 5}
    assert rows["comments"] == [str(comments), str(comments), "ok"]
    assert rows["links"] == [str(links), str(links), "ok"]
    assert rows["sprints"] == [str(sprints), str(sprints), "ok"]
    assert rows["changelog items"][0] == "-"

    with engine.begin() as conn:  # a comment lost from the warehouse
        conn.execute(sa.text("UPDATE jira_issue_comments SET deleted_at = now() WHERE ctid IN (SELECT c.ctid FROM "
                             "jira_issue_comments c JOIN jira_issues_v2 i USING (instance, issue_id) "
                             "WHERE i.issue_key = :k AND i.instance = 'instance_1' LIMIT 1)"), {"k": key})
    output = jirasync("issue", key, "--instance", "instance_1", ok=False)
    assert "comments differ from JIRA" in output and "DIFFERS" in output


def test_issue_sync_rewrites_its_comments_and_links_too(synced, sandbox, engine):
    jirasync, _ = synced
    with engine.connect() as conn:  # the issue with the most comments: some are past what search embeds
        key, issue_id = conn.execute(sa.text(
            "SELECT i.issue_key, i.issue_id FROM jira_issues_v2 i JOIN jira_issue_comments c USING (instance, issue_id) "
            "WHERE i.instance = 'instance_1' GROUP BY 1, 2 ORDER BY count(*) DESC, 2 LIMIT 1")).one()
    with engine.begin() as conn:  # lost from the warehouse: every comment and link row of the issue
        for table in ("jira_issue_comments", "jira_issue_links"):
            conn.execute(sa.text(f"DELETE FROM {table} WHERE instance = 'instance_1' AND issue_id = :i"), {"i": issue_id})
    differ = next(line for line in jirasync("issue", key, "--instance", "instance_1", ok=False).splitlines()
                  if "differ from JIRA" in line)
    assert differ.startswith("comments") and f"`jirasync issue {key} --sync`" in differ
    output = jirasync("issue", key, "--instance", "instance_1", "--sync")
    assert output.rstrip().endswith("every column matches JIRA")
    with engine.connect() as conn:
        comments = conn.execute(sa.text("SELECT count(*) FROM jira_issue_comments WHERE instance = 'instance_1' "
                                        "AND issue_id = :i AND deleted_at IS NULL"), {"i": issue_id}).scalar()
    assert comments > 20  # more than search embeds: the rest was paged from /comment
