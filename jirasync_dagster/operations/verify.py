"""`jirasync fields verify`: what is wrong or missing in the field mappings, per instance."""

from dataclasses import dataclass

import sqlalchemy as sa

from jirasync_dagster.mapping import FieldMapping, FieldSource
from jirasync_dagster.mapping.model import ALL_INSTANCES
from jirasync_dagster.mapping.rollout import wanted_columns
from jirasync_dagster.mapping.suggest import column_name_for, column_type_of
from jirasync_dagster.warehouse import column_conflicts
from jirasync_dagster.warehouse.schema import field_cache

_TEXTUAL = {"string", "text", "string_array", "json"}
# /field schema type -> the column types that can hold its values (types not listed: anything).
COMPATIBLE = {
    "number": {"number", "integer", "string", "text", "json"},
    "string": _TEXTUAL,
    "date": {"date", "datetime", "string", "text", "json"},
    "datetime": {"datetime", "date", "string", "text", "json"},
    "option": _TEXTUAL | {"boolean", "number", "integer"},
    "array": _TEXTUAL,
    **{kind: _TEXTUAL for kind in ("user", "priority", "status", "issuetype", "resolution", "project", "version",
                                   "component", "securitylevel", "group")},
}
# Custom field types that always hold data and are JIRA's bookkeeping, not business fields.
BOOKKEEPING = ("gh-lexo-rank",)

KINDS = {
    "missing_field": "source field missing on the instance",
    "type_mismatch": "type does not fit the field",
    "column_conflict": "warehouse column conflict",
    "unmapped_data": "custom field holds data but is not mapped",
}


@dataclass(frozen=True)
class Problem:
    """One finding of `fields verify`."""

    kind: str          # a key of KINDS
    instance: str
    column: str        # the mapping's column ("" for unmapped fields)
    message: str
    fix: str = ""


def cached_fields(conn: sa.Connection) -> dict[str, dict[str, dict]]:
    """Instance -> field id -> its jira_field_cache row."""
    found: dict[str, dict[str, dict]] = {}
    for row in conn.execute(sa.select(field_cache)).mappings():
        found.setdefault(row["instance"], {})[row["field_id"]] = dict(row)
    return found


def _sources(mapping: FieldMapping, instances: list[str]):
    for instance in instances:
        source = mapping.source_for(instance)
        if isinstance(source, FieldSource):
            yield instance, source


def mapping_problems(conn: sa.Connection, mappings: list[FieldMapping]) -> list[Problem]:
    """Missing source fields, type mismatches and column conflicts of the active mappings."""
    cache = cached_fields(conn)
    instances = sorted(cache)
    active = [m for m in mappings if m.active]
    problems = []
    for mapping in active:
        named = [i for i in mapping.sources if i != ALL_INSTANCES and i not in cache]
        problems += [Problem("missing_field", i, mapping.column, f"instance {i!r} has no cached field list",
                             "run `jirasync fields discover` (or remove the source)") for i in named]
        for instance, source in _sources(mapping, instances):
            for path in source.paths:
                field_id = path.split(".", 1)[0]
                entry = cache[instance].get(field_id)
                if entry is None:
                    # Data Center leaves some system fields (parent) out of /field; custom ids must be there.
                    if field_id.startswith("customfield_"):
                        problems.append(Problem(
                            "missing_field", instance, mapping.column,
                            f"field {field_id} does not exist on {instance}",
                            f"`jirasync fields suggest \"{mapping.description or mapping.column}\"` finds its id"))
                    continue
                if "." in path or len(source.paths) > 1:
                    continue  # a nested value or combined fields: the field's schema says nothing of the result
                schema = entry.get("schema") or {}
                allowed = COMPATIBLE.get(schema.get("type"))
                if allowed is not None and mapping.type not in allowed:
                    problems.append(Problem(
                        "type_mismatch", instance, mapping.column,
                        f"{field_id} ({entry.get('name')}) is a {schema.get('type')} field but the column is "
                        f"{mapping.type}",
                        f"`jirasync fields migrate {mapping.column} --type {column_type_of(schema)}`"))
    for message in column_conflicts(conn, wanted_columns(active)):
        problems.append(Problem("column_conflict", "", message.split("'")[1] if "'" in message else "", message))
    return problems


def mapped_field_ids(mappings: list[FieldMapping], instance: str) -> set[str]:
    """Top-level field ids the active mappings read on `instance`."""
    return {path.split(".", 1)[0] for m in mappings if m.active
            for _, source in _sources(m, [instance]) for path in source.paths}


def _has_value(value) -> bool:
    return value not in (None, "", [], {})


def unmapped_with_data(conn: sa.Connection, mappings: list[FieldMapping], instance: str,
                       sample: list[dict]) -> list[Problem]:
    """Custom fields of `instance` that hold values in `sample` (recent issues) but no active mapping reads."""
    fields = cached_fields(conn).get(instance, {})
    mapped = mapped_field_ids(mappings, instance)
    problems = []
    for field_id, entry in sorted(fields.items()):
        schema = entry.get("schema") or {}
        if not entry.get("custom") or field_id in mapped or str(schema.get("custom", "")).endswith(BOOKKEEPING):
            continue
        filled = sum(1 for issue in sample if _has_value((issue.get("fields") or {}).get(field_id)))
        if filled:
            column = column_name_for(entry.get("name") or field_id)
            problems.append(Problem(
                "unmapped_data", instance, "",
                f"{field_id} ({entry.get('name')}) holds data in {filled} of {len(sample)} recent issues",
                f"jirasync fields add {column} --type {column_type_of(schema)} --source {instance}={field_id}"))
    return problems


def custom_field_ids(conn: sa.Connection, instance: str) -> list[str]:
    """The custom field ids cached for `instance` (what the sample requests)."""
    return sorted(f for f, entry in cached_fields(conn).get(instance, {}).items() if entry.get("custom"))
