"""Import of the previous JIRA sync system's field_mappings.json (`fields import --from-legacy`)."""

import re

from jirasync_dagster.mapping.errors import MappingError
from jirasync_dagster.mapping.model import (
    ALL_INSTANCES,
    RESERVED_COLUMNS,
    FieldMapping,
    FieldSource,
    Source,
    TransitionSource,
)

# Legacy `status` columns held the status name; array/object held raw JSON values.
_LEGACY_TYPES = {
    "string": "string",
    "text": "text",
    "integer": "integer",
    "number": "number",
    "float": "number",
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
    "status": "string",
    "array": "string_array",
    "object": "json",
}
# The old system matched these transition names loosely; we spell the statuses out.
# Only `closed` is documented; `done` and `resolved` follow the same workflow family.
TRANSITION_ALIASES = {
    "closed": ("Closed", "Complete", "Done"),
    "done": ("Done", "Closed", "Complete"),
    "resolved": ("Resolved", "Done"),
}
_INSTANCE_KEY = re.compile(r"^instance_\d+$")
# `system_field`, `required` and `name` only described the column in the old UI.
_KNOWN_KEYS = {"type", "description", "system_field", "required", "name", "combine_method", "source",
               "field_id", "field_ids", "field_path", "transition_name"}


def convert_legacy_mapping(data: dict) -> tuple[list[FieldMapping], list[str]]:
    """Mappings from the legacy format, plus a warning for everything not converted exactly."""
    if not isinstance(data, dict) or not isinstance(data.get("field_groups"), dict):
        raise MappingError("a legacy mapping file needs a `field_groups` object (see shared/fixtures/legacy/README.md)")
    mappings: list[FieldMapping] = []
    warnings: list[str] = []
    for group, group_spec in data["field_groups"].items():
        for column, spec in ((group_spec or {}).get("fields") or {}).items():
            if column in {mapping.column for mapping in mappings}:
                warnings.append(f"{column}: defined again in group {group!r}; kept the first definition")
                continue
            mapping = _convert_column(group, column, spec, warnings)
            if mapping is not None:
                mappings.append(mapping)
    return mappings, warnings


def _convert_column(group: str, column: str, spec: dict, warnings: list[str]) -> FieldMapping | None:
    if column in RESERVED_COLUMNS:
        warnings.append(f"{column}: skipped, it is a core column of jira_issues_v2 that is always synced")
        return None
    type_name = _LEGACY_TYPES.get(spec.get("type"))
    if type_name is None:
        warnings.append(f"{column}: skipped, legacy type {spec.get('type')!r} has no equivalent")
        return None
    unknown = sorted(key for key in spec if key not in _KNOWN_KEYS and not _INSTANCE_KEY.match(key))
    if unknown:
        warnings.append(f"{column}: ignored unknown legacy keys {unknown}")
    try:
        sources = _sources(column, spec, warnings)
        return FieldMapping(column, type_name, group=group, description=_description(spec), sources=sources)
    except MappingError as error:
        warnings.append(f"{column}: skipped, {error}")
        return None


def _description(spec: dict) -> str:
    # Without a description, the display name the old UI showed is the best explanation.
    display_names = [
        entry["name"]
        for key, entry in spec.items()
        if _INSTANCE_KEY.match(key) and isinstance(entry, dict) and entry.get("name")
    ]
    return spec.get("description") or (display_names[0] if display_names else "")


def _sources(column: str, spec: dict, warnings: list[str]) -> dict[str, Source]:
    if spec.get("source") == "transitions":
        return {ALL_INSTANCES: _transition_source(column, str(spec.get("transition_name") or ""), warnings)}
    if spec.get("source") == "system":
        return {ALL_INSTANCES: FieldSource((spec.get("field_path"),))}
    if "field_id" in spec:
        return {ALL_INSTANCES: FieldSource((spec["field_id"],))}
    combine = spec.get("combine_method", "first")
    sources = {}
    for instance, entry in spec.items():
        if _INSTANCE_KEY.match(instance) and isinstance(entry, dict):
            paths = entry.get("field_ids") or [entry.get("field_id")]
            sources[instance] = FieldSource(tuple(paths), entry.get("combine_method", combine))
    if not sources:
        warnings.append(f"{column}: no field on any instance; the column will hold its default (null)")
    return sources


def _transition_source(column: str, name: str, warnings: list[str]) -> TransitionSource:
    statuses = TRANSITION_ALIASES.get(name.casefold(), (name,))
    if len(statuses) > 1:
        warnings.append(f"{column}: legacy alias {name!r} now matches the statuses {', '.join(statuses)} (latest wins)")
    return TransitionSource(statuses, "latest")
