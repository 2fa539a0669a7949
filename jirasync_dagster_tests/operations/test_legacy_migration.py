"""Migration from the previous system: its field_mappings.json imports and syncs against the sandbox."""

from datetime import datetime, timezone

import sqlalchemy as sa

from jirasync_dagster.sandbox import catalog as c
from jirasync_dagster.sandbox.objects import PROJECT_NAMES
from jirasync_dagster_tests.mapping.recorded import FIXTURES
from jirasync_dagster_tests.operations.cli_support import Jirasync
from jirasync_dagster_tests.sync.helpers import ready_warehouse, sync

LEGACY_FILE = FIXTURES / "legacy" / "field_mappings.json"
COLUMNS = ("story_points", "customer_tier", "escalated", "target_date", "contact", "location_name", "assignee_name",
           "started", "closed")


def test_legacy_mappings_import_and_sync(sandbox, database_url, engine):
    jirasync = Jirasync(sandbox, database_url)
    jirasync("fields", "discover")
    output = jirasync("fields", "import", "--from-legacy", str(LEGACY_FILE))
    assert "updated: skipped, it is a core column" in output and "mappings imported" in output

    warehouse, mappings = ready_warehouse(database_url)
    for partition in ("instance_1:ENG", "instance_2:ENG"):
        sync(sandbox, warehouse, mappings, partition)
    warehouse.dispose()
    with engine.connect() as conn:
        types = dict(conn.execute(sa.text(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'jira_issues_v2'")).all())
        rows = conn.execute(sa.text(
            f"SELECT instance, issue_id, raw, {', '.join(COLUMNS)} FROM jira_issues_v2")).mappings().all()
    assert {types[column] for column in ("started", "closed", "target_date")} == {"timestamp with time zone"}
    assert (types["story_points"], types["escalated"]) == ("bigint", "boolean")
    assert {r["instance"] for r in rows} == {"instance_1", "instance_2"}

    filled = dict.fromkeys(COLUMNS, 0)
    for row in rows:
        record = sandbox.instance(row["instance"]).record(row["issue_id"])
        fields = row["raw"]["fields"]
        assignee = fields.get("assignee")
        expected = {
            "story_points": None if record.points is None else int(record.points),
            "customer_tier": None if record.tier is None else c.TIERS[record.tier],
            "escalated": record.escalated,
            "target_date": None if record.target is None else datetime.fromtimestamp(record.target / 1000, timezone.utc),
            "contact": None if record.contact is None else
            f"{c.FIRST_NAMES[record.contact % len(c.FIRST_NAMES)]} {c.LAST_NAMES[record.contact // len(c.FIRST_NAMES)]}",
            "location_name": PROJECT_NAMES["ENG"],
            "assignee_name": assignee and assignee["displayName"],
        }
        assert {k: row[k] for k in expected} == expected, (row["instance"], row["issue_id"])
        for column in ("started", "closed"):  # from the changelog step: never after the last update
            assert row[column] is None or row[column] <= datetime.fromisoformat(fields["updated"])
        for column in COLUMNS:
            filled[column] += row[column] is not None
    # every column got values, the transition columns from the changelog step of the sync
    assert all(filled.values()), filled
