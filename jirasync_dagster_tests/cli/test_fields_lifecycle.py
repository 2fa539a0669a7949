"""`jirasync fields disable`, `enable` and `remove` as a user runs them: sandbox JIRA over HTTP, a real Postgres."""

import re

import pytest
import sqlalchemy as sa

from jirasync_dagster.mapping import MappingStore
from jirasync_dagster.mapping.rollout import active_mappings_with_columns
from jirasync_dagster.warehouse import Warehouse
from jirasync_dagster_tests.cli.test_fields import warehouse_state
from jirasync_dagster_tests.sync.helpers import sync

STORY_POINTS = ("add", "story_points", "--type", "number",
                "--source", "instance_1=customfield_10016", "--source", "instance_2=customfield_10202")


@pytest.fixture
def synced(sandbox, database_url):
    """Sync a partition with the mappings stored now, as a scheduled run would."""
    warehouse = Warehouse(database_url)
    warehouse.create_tables()

    def run(partition: str):
        return sync(sandbox, warehouse, active_mappings_with_columns(warehouse.engine), partition)

    yield run
    warehouse.dispose()


def points(engine, project: str = "%") -> dict[int, float | None]:
    """story_points of the instance_1 rows (of `project`), by issue id."""
    with engine.connect() as conn:
        return dict(conn.execute(sa.text(
            "SELECT issue_id, story_points FROM jira_issues_v2 WHERE instance = 'instance_1' AND project_key LIKE :p"
        ), {"p": project}).all())


def versions(engine) -> list[tuple[int, str, str]]:
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT version, actor, note FROM field_mappings_history ORDER BY version")).all()


def undo_version(output: str) -> str:
    """The version of the rollback command a lifecycle command printed as its undo."""
    return re.search(r"undo: `jirasync fields rollback (\d+)`", output).group(1)


def raw_fields(engine, issue_id: int) -> set[str]:
    """The JIRA fields stored in the raw JSON of an instance_1 row."""
    with engine.connect() as conn:
        return set(conn.execute(sa.text("SELECT raw->'fields' FROM jira_issues_v2 WHERE instance = 'instance_1' "
                                        "AND issue_id = :i"), {"i": issue_id}).scalar())


def changed_in_jira(site, synced_points: dict) -> int:
    """Give an ENG issue with story points new ones in JIRA (99); returns its id."""
    changed = next(n for n, value in synced_points.items() if value is not None and site.record(n).project == "ENG")
    site.update_issue(changed, customfield_10016=99.0)
    return changed


def has_column(engine, column: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'jira_issues_v2' AND column_name = :c"
        ), {"c": column}).scalar() == 1


def test_disabled_column_keeps_its_values_and_the_sync_after_enable_fills_the_gap(fields, synced, sandbox, engine):
    fields(*STORY_POINTS)
    synced("instance_1:ENG")
    synced("instance_1:OPS")
    site = sandbox.instance("instance_1")
    before = points(engine)
    assert before == {n: site.record(n).points for n in before} and any(before.values())

    output = fields("disable", "story_points")
    assert "mapping 'story_points' disabled; syncs stop writing story_points and its values stay" in output
    assert not next(m for m in MappingStore(engine).load_all() if m.column == "story_points").active
    version, actor, note = versions(engine)[-1]
    assert note == "disable story_points" and actor.startswith("cli:") and f"version {version}:" in output
    assert int(undo_version(output)) == versions(engine)[-2][0]
    assert "already disabled; nothing changed" in fields("disable", "story_points")
    assert versions(engine)[-1][0] == version

    changed = changed_in_jira(site, before)
    synced("instance_1:ENG")
    assert points(engine) == before  # the changed issue was synced, its story_points not written
    stored = raw_fields(engine, changed)
    assert stored >= {"summary", "updated"} and "customfield_10016" not in stored

    output = fields("enable", "story_points")
    assert "mapping 'story_points' enabled; syncs write story_points again" in output
    assert ("1 row was synced without story_points (since " in output and "the next sync of instance_1:ENG reads "
            "them whole again and fills it; now: `jirasync sync instance_1:ENG`" in output)
    assert "backfill" not in output
    assert synced("instance_1:ENG").mode == "full"
    assert points(engine) == {**before, changed: 99.0}
    assert "already enabled; nothing changed" in fields("enable", "story_points")


def test_enable_with_nothing_synced_meanwhile_says_the_values_are_complete(fields, synced, engine):
    fields(*STORY_POINTS)
    synced("instance_1:ENG")
    fields("disable", "story_points")
    output = fields("enable", "story_points")
    assert "no row was synced while story_points was not written: its values are complete" in output
    assert "jirasync sync" not in output and "backfill" not in output


def test_a_gap_that_raw_holds_is_filled_by_the_backfill_enable_prints(fields, synced, sandbox, engine):
    fields(*STORY_POINTS)
    fields("add", "points_copy", "--type", "number", "--source", "instance_1=customfield_10016")
    synced("instance_1:ENG")
    before = points(engine)
    fields("disable", "story_points")
    changed = changed_in_jira(sandbox.instance("instance_1"), before)
    synced("instance_1:ENG")  # points_copy still asks for the field, so raw holds it
    assert points(engine) == before and "customfield_10016" in raw_fields(engine, changed)

    output = fields("enable", "story_points")
    assert "jirasync sync" not in output
    backfill = re.search(r"column story_points is stale or empty in rows synced while it was not written: "
                         r"`(jirasync fields backfill --column story_points)` fills it", output).group(1)
    fields(*backfill.split()[2:])
    assert points(engine) == {**before, changed: 99.0}


def test_remove_keeps_the_column_and_rollback_brings_the_mapping_back(fields, synced, engine):
    fields(*STORY_POINTS)
    synced("instance_1:ENG")
    before = points(engine)

    output = fields("remove", "story_points")
    assert "mapping 'story_points' removed; column story_points keeps its data; no sync writes it" in output
    assert "story_points" not in {m.column for m in MappingStore(engine).load_all()}
    assert points(engine) == before and versions(engine)[-1][2] == "remove story_points"

    output = fields("rollback", undo_version(output))
    assert "story_points" in {m.column for m in MappingStore(engine).load_active()}
    assert "its values are complete" in output and points(engine) == before


def test_remove_drop_column_asks_first_and_rollback_says_how_to_refill_it(fields, synced, engine):
    fields(*STORY_POINTS)
    synced("instance_1:ENG")
    before = points(engine)
    state = warehouse_state(engine)

    output = fields("remove", "story_points", "--drop-column", input="n\n", ok=False)
    assert "Drop column story_points of jira_issues_v2 and every value in it? The data is gone for good" in output
    rollback_to = re.search(r"`jirasync fields rollback (\d+)` brings back the mapping and an empty column",
                            output).group(1)
    assert "Aborted" in output and warehouse_state(engine) == state

    output = fields("remove", "story_points", "--drop-column", "--yes")
    assert "column story_points dropped with its data" in output and undo_version(output) == rollback_to
    assert not has_column(engine, "story_points") and versions(engine)[-1][2] == "remove story_points, drop its column"

    output = fields("rollback", rollback_to)
    assert has_column(engine, "story_points") and set(points(engine).values()) == {None}
    refill = re.search(r"column story_points was re-created empty: `(jirasync fields backfill --column story_points)`",
                       output).group(1)
    fields(*refill.split()[2:])
    assert points(engine) == before


@pytest.mark.parametrize("command", ["disable", "enable", "remove"])
def test_unknown_column_is_named_with_the_known_ones_and_changes_nothing(fields, engine, command):
    fields("list")
    state = warehouse_state(engine)
    output = fields(command, "story_pints", ok=False)
    assert "no mapping for column 'story_pints'; the mapped columns are: assignee, components," in output
    assert "Traceback" not in output and warehouse_state(engine) == state


def test_enabling_a_mapping_imported_inactive_rereads_every_synced_partition(fields, synced, sandbox, tmp_path, engine):
    path = tmp_path / "inactive.yaml"
    path.write_text("version: 1\nmappings:\n  - column: story_points\n    type: number\n    active: false\n"
                    "    sources: {instance_1: customfield_10016}\n")
    fields("import", str(path))
    synced("instance_1:ENG")
    synced("instance_1:OPS")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT count(*) FROM jira_issues_v2")).scalar()
    output = fields("enable", "story_points")
    assert f"{rows} rows were synced without story_points (ever)" in output and "backfill" not in output
    assert "the next sync of instance_1:ENG, instance_1:OPS reads them whole again" in output
    assert "now: `jirasync sync instance_1:ENG instance_1:OPS`" in output
    assert synced("instance_1:OPS").mode == "full"
    ops = points(engine, "OPS")
    assert any(ops.values()) and ops == {n: sandbox.instance("instance_1").record(n).points for n in ops}
