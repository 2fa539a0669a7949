"""A structural comparison of two JSON documents at named paths: keys and JSON types, never values.

A path is dotted keys, with `[]` for every element of an array: `issues[].fields.status.name`;
a path starting with `[]` walks a top-level array. At each path the comparison collects the
JSON types found over every element the `[]` steps reach ("absent" where an object the path
reaches lacks its last key; a missing or null object on the way tells nothing, as in a trimmed
recording or for an unset field), and reports where the served document differs from the
recorded one:
- a path the recording has and the served document lacks (or the reverse),
- a path where the recording has a value and the served document only ever null,
- a non-null type the served document has at a path where the recording has another.
Otherwise null is JIRA's way of saying "not set" for any type: it neither matches nor contradicts.
A path that neither document has agrees (the real JIRA leaves it out too); a path the recording
never reaches (only empty arrays or unset objects on the way) cannot be compared and is passed over.
"""

from collections.abc import Iterable, Iterator

ABSENT = "absent"
_MISSING = object()


def json_type(value) -> str:
    """The JSON type name of a decoded value (integers and floats are both numbers)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _values_at(document, steps: list[str]) -> Iterator:
    """Every value at `steps` under `document`; _MISSING where an object reached lacks the last key."""
    if not steps:
        yield document
        return
    step, rest = steps[0], steps[1:]
    if step == "[]":
        for element in document if isinstance(document, list) else ():
            yield from _values_at(element, rest)
    elif isinstance(document, dict):
        if step in document:
            yield from _values_at(document[step], rest)
        elif not rest:
            yield _MISSING


def _steps(path: str) -> list[str]:
    """`a[].b` as ['a', '[]', 'b']."""
    return [step for part in path.replace("[]", ".[].").split(".") if (step := part)]


def types_at(document, path: str) -> set[str]:
    """The JSON types at `path` in `document`, with ABSENT where a key is missing (empty: nothing reached)."""
    return {ABSENT if value is _MISSING else json_type(value) for value in _values_at(document, _steps(path))}


def shape_differences(recorded, served, paths: Iterable[str]) -> list[str]:
    """How `served` departs from `recorded` at `paths`, one line per path; empty when the shapes agree."""
    differences = []
    for path in paths:
        real, ours = types_at(recorded, path), types_at(served, path)
        present, known, have = ours - {ABSENT}, real - {ABSENT, "null"}, ours - {ABSENT, "null"}
        if real == {ABSENT} and present:
            differences.append(f"{path}: the sandbox answers {sorted(present)}, absent from the recording")
        elif known and not present:
            differences.append(f"{path}: recorded as {sorted(real)}, absent from the sandbox's answer")
        elif known and not have:
            differences.append(f"{path}: recorded as {sorted(real)}, only null in the sandbox's answer")
        elif known and have - known:
            differences.append(f"{path}: the sandbox answers {sorted(ours)} where JIRA answered {sorted(real)}")
    return differences
