"""`jirasync fields verify`: missing fields, type mismatches, conflicts and unmapped data, exit 1 on any."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.mapping import FieldMapping, FieldSource, MappingStore
from jirasync_dagster.mapping.suggest import column_name_for
from jirasync_dagster_tests.operations.cli_support import Jirasync


@pytest.fixture
def jirasync(sandbox, database_url):
    return Jirasync(sandbox, database_url)


def problems(output: str, kind: str) -> list[str]:
    return [line for line in output.splitlines() if kind in line and line.startswith("│")]


def test_verify_reports_each_kind_of_problem(jirasync, engine):
    # The default mappings are sound, but the sandbox's custom fields hold data nobody maps yet.
    output = jirasync("fields", "verify", ok=False)
    unmapped = problems(output, "holds data")
    assert any("customfield_10016" in line and "instance_1" in line for line in unmapped)  # story points
    assert any("customfield_10202" in line and "instance_2" in line for line in unmapped)
    assert not any("customfield_10019" in line for line in unmapped)  # Rank is JIRA's bookkeeping
    assert "jirasync fields add story_points --type number --source instance_1=customfield_10016" in output
    assert not problems(output, "missing on the") and not problems(output, "does not fit")
    assert "0 problem" not in output and "problem(s):" in output
    assert "no problems" not in jirasync("fields", "verify", "--allow-unmapped")  # reported, but exit 0

    # story points mapped as a date on instance_1; an unknown field on instance_2 (stored past the checks)
    store = MappingStore(engine)
    store.merge([FieldMapping("story_points", "date", sources={
        "instance_1": FieldSource(("customfield_10016",)), "instance_2": FieldSource(("customfield_99999",))})], "test")
    with engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE jira_issues_v2 ADD COLUMN story_points text"))
    output = jirasync("fields", "verify", "--allow-unmapped", ok=False)
    mismatch = problems(output, "does not fit")
    assert len(mismatch) == 1 and "customfield_10016" in mismatch[0] and "number field" in mismatch[0]
    assert "jirasync fields migrate story_points --type number" in output
    missing = problems(output, "missing on the")
    assert len(missing) == 1 and "customfield_99999 does not exist on instance_2" in missing[0]
    assert problems(output, "conflict") and "exists as text" in output


def test_verify_passes_when_every_field_with_data_is_mapped(jirasync, sandbox, engine):
    jirasync("fields", "discover")
    jirasync("fields", "verify", "--sample", "20", ok=False)
    store = MappingStore(engine)
    with engine.connect() as conn:
        cached = conn.execute(sa.text("SELECT instance, field_id, name FROM jira_field_cache WHERE custom")).all()
    mappings = [FieldMapping(f"{column_name_for(name)}_{instance[-1]}_{field_id[-5:]}", "json",
                             sources={instance: FieldSource((field_id,))}) for instance, field_id, name in cached]
    store.merge(mappings, "test")
    output = jirasync("fields", "verify", "--sample", "20")
    assert "no problems" in output

