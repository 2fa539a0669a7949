"""Finding the field that holds a logical value on each instance."""

from jirasync_dagster.mapping.suggest import (
    column_name_for,
    column_type_of,
    suggest_fields,
)
from jirasync_dagster.sandbox.fields import field_definitions


def cached_rows() -> list[dict]:
    return [
        {"instance": name, "field_id": f["id"], "name": f["name"], "schema": f.get("schema")}
        for name, cloud in (("instance_1", True), ("instance_2", False)) for f in field_definitions(name, cloud)
    ]


def test_story_points_is_found_under_each_instances_own_id():
    best = {instance: found[0] for instance, found in suggest_fields("story points", cached_rows()).items()}
    assert {i: (c.field_id, c.column_type) for i, c in best.items()} == {
        "instance_1": ("customfield_10016", "number"), "instance_2": ("customfield_10202", "number")}


def test_type_breaks_ties_and_nonsense_finds_nothing():
    assert suggest_fields("points", cached_rows(), "number")["instance_2"][0].field_id == "customfield_10202"
    assert suggest_fields("zzqx", cached_rows()) == {}


def test_names_and_types():
    assert column_name_for("Story Points (SP)") == "story_points_sp"
    assert column_type_of({"type": "string", "custom": "x:textarea"}) == "text"
    assert column_type_of({"type": "timetracking"}) == "json" and column_type_of(None) == "json"
