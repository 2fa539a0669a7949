"""Getters for field paths such as `summary`, `status.statusCategory.key` or `components.name`."""

from typing import Any, Callable

Getter = Callable[[dict], Any]


def compile_path(path: str) -> Getter:
    """A fast function that reads `path` from an issue's `fields` dict (None when absent)."""
    top, *rest = path.split(".")
    if not rest:
        return lambda fields: fields.get(top)
    steps = tuple(rest)
    return lambda fields: _descend(fields.get(top), steps)


def _descend(value: Any, steps: tuple[str, ...]) -> Any:
    for index, step in enumerate(steps):
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list):
            # A path through an array reads the attribute of every element
            # (components.name gives every component's name).
            remaining = steps[index:]
            found = (_descend(element, remaining) for element in value)
            return [element for element in found if element is not None]
        else:
            return None
    return value
