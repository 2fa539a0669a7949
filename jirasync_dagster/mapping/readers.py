"""Compiled readers: the raw JIRA value of one column from an issue's fields or changelog."""

from datetime import datetime
from typing import Any, Callable

from jirasync_dagster.mapping.model import FieldSource, TimeInStatusSource, TransitionSource
from jirasync_dagster.mapping.paths import compile_path
from jirasync_dagster.mapping.shapes import scalar_text, texts_of_list

FieldReader = Callable[[dict], Any]
ChangelogReader = Callable[[list], Any]

_SEPARATORS = {"space": " ", "comma": ", "}


def field_reader(source: FieldSource) -> FieldReader:
    """A function from an issue's `fields` to the source's raw value (None when null)."""
    getters = tuple(compile_path(path) for path in source.paths)
    if source.combine == "first":
        if len(getters) == 1:
            return getters[0]
        return lambda fields: _first_non_null(getters, fields)
    separator = _SEPARATORS[source.combine]
    attribute = source.user_attribute
    return lambda fields: _joined(getters, fields, separator, attribute)


def _first_non_null(getters: tuple, fields: dict) -> Any:
    for getter in getters:
        value = getter(fields)
        if value is not None:
            return value
    return None


def _joined(getters: tuple, fields: dict, separator: str, attribute: str) -> str | None:
    texts = []
    for getter in getters:
        value = getter(fields)
        if isinstance(value, list):
            texts.extend(texts_of_list(value, attribute))
        elif value is not None:
            texts.append(scalar_text(value, attribute))
    return separator.join(text for text in texts if text) or None


def changelog_reader(source: TransitionSource) -> ChangelogReader:
    """A function from changelog histories to the `created` time of the chosen transition
    (or, for a TimeInStatusSource, to the seconds spent in its statuses)."""
    wanted = frozenset(status.casefold() for status in source.statuses)
    if isinstance(source, TimeInStatusSource):
        return lambda histories: _seconds_in(histories, wanted)
    choose = min if source.pick == "first" else max

    def read(histories: list) -> str | None:
        times = [
            history["created"]
            for history in histories
            if any(_is_transition_to(item, wanted) for item in history.get("items") or ())
        ]
        # Compare instants, not strings: entries may carry different UTC offsets.
        return choose(times, key=datetime.fromisoformat) if times else None

    return read


def _seconds_in(histories: list, wanted: frozenset) -> int | None:
    """Whole seconds of the completed stays in `wanted` statuses, oldest transition first."""
    moves = sorted(
        (datetime.fromisoformat(history["created"]), (item.get("toString") or "").casefold())
        for history in histories
        for item in history.get("items") or ()
        if item.get("field") == "status"
    )
    total, entered, ended = 0.0, None, False
    for at, status in moves:
        if status in wanted:
            entered = entered or at
        elif entered is not None:
            total, entered, ended = total + (at - entered).total_seconds(), None, True
    return round(total) if ended else None


def _is_transition_to(item: dict, wanted: frozenset) -> bool:
    return item.get("field") == "status" and (item.get("toString") or "").casefold() in wanted
