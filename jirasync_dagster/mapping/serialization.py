"""Plain dicts (YAML file entries, JSONB rows) to and from FieldMapping, collecting every problem."""

from datetime import date
from typing import Any

from jirasync_dagster.mapping.errors import MappingError
from jirasync_dagster.mapping.model import FieldMapping, FieldSource, Source, TimeInStatusSource, TransitionSource

MAPPING_KEYS = ("column", "type", "group", "description", "default", "active", "sources")
_SOURCE_KEYS = {"paths", "combine", "user_attribute"}
_TRANSITION_KEYS = {"transition_to", "pick"}
_TIME_IN_KEYS = {"time_in_status"}


def source_to_data(source: Source) -> Any:
    """The shortest file form of a source: a field id, a list, or a dict."""
    if isinstance(source, TimeInStatusSource):
        return {"time_in_status": list(source.statuses)}
    if isinstance(source, TransitionSource):
        return {"transition_to": list(source.statuses), "pick": source.pick}
    if source.combine == "first" and source.user_attribute == "displayName":
        return source.paths[0] if len(source.paths) == 1 else list(source.paths)
    data: dict[str, Any] = {"paths": list(source.paths), "combine": source.combine}
    if source.user_attribute != "displayName":
        data["user_attribute"] = source.user_attribute
    return data


def source_from_data(data: Any) -> Source:
    """A source from its file form; raises MappingError naming what is wrong."""
    if isinstance(data, (str, list)):
        return FieldSource(tuple(data) if isinstance(data, list) else (data,))
    if not isinstance(data, dict):
        raise MappingError(f"a source must be a field id, a list of field ids or a mapping, got {data!r}")
    if "time_in_status" in data:
        _reject_unknown_keys(data, _TIME_IN_KEYS)
        statuses = data["time_in_status"]
        return TimeInStatusSource(tuple(statuses) if isinstance(statuses, list) else statuses)
    if "transition_to" in data:
        _reject_unknown_keys(data, _TRANSITION_KEYS)
        statuses = data["transition_to"]
        return TransitionSource(tuple(statuses) if isinstance(statuses, list) else statuses, data.get("pick", "latest"))
    _reject_unknown_keys(data, _SOURCE_KEYS)
    if "paths" not in data:
        raise MappingError("a source mapping needs `paths` (field ids), `transition_to` or `time_in_status` (status names)")
    paths = data["paths"]
    return FieldSource(
        tuple(paths) if isinstance(paths, list) else paths,
        data.get("combine", "first"),
        data.get("user_attribute", "displayName"),
    )


def _reject_unknown_keys(data: dict, allowed: set[str]) -> None:
    unknown = set(map(str, data)) - allowed
    if unknown:
        raise MappingError(f"unknown source key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")


def mapping_to_data(mapping: FieldMapping) -> dict[str, Any]:
    """A JSON- and YAML-safe dict of `mapping` in the mapping file's key order."""
    default = mapping.default
    if isinstance(default, date):
        default = default.isoformat()
    return {
        "column": mapping.column,
        "type": mapping.type,
        "group": mapping.group,
        "description": mapping.description,
        "default": default,
        "active": mapping.active,
        "sources": {instance: source_to_data(source) for instance, source in mapping.sources.items()},
    }


def mapping_from_data(data: Any) -> tuple[FieldMapping | None, list[tuple[str | None, str]]]:
    """The mapping in `data`, or None plus every problem as (key where it is, message)."""
    if not isinstance(data, dict):
        return None, [(None, f"a mapping must be a mapping of keys to values, got {data!r}")]
    problems: list[tuple[str | None, str]] = [
        (str(key), f"unknown key {key!r}; allowed: {', '.join(MAPPING_KEYS)}")
        for key in data
        if key not in MAPPING_KEYS
    ]
    sources: dict[str, Source] = {}
    raw_sources = data.get("sources") or {}
    if not isinstance(raw_sources, dict):
        problems.append(("sources", "sources must map instance names (or '*') to sources"))
        raw_sources = {}
    for instance, raw_source in raw_sources.items():
        try:
            sources[str(instance)] = source_from_data(raw_source)
        except MappingError as error:
            problems.append(("sources", f"source of {instance!r}: {error}"))
    try:
        mapping = FieldMapping(
            column=data.get("column"),
            type=data.get("type"),
            group=data.get("group") or "custom",
            description=data.get("description") or "",
            default=data.get("default"),
            active=data.get("active", True),
            sources=sources,
        )
    except MappingError as error:
        # Also check the other keys when a source was bad, so one pass reports everything.
        return None, problems + [(None, problem) for problem in error.problems]
    return (None, problems) if problems else (mapping, [])
