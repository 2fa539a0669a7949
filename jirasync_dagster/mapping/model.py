"""The field mapping model: which JIRA field fills which warehouse column, per instance."""

import re
from dataclasses import dataclass, field
from typing import Any, Union

from jirasync_dagster.mapping.coercers import coercer_for
from jirasync_dagster.mapping.column_types import COLUMN_TYPES
from jirasync_dagster.mapping.errors import ConversionError, MappingError
from jirasync_dagster.mapping.shapes import USER_ATTRIBUTES

RESERVED_COLUMNS = frozenset(
    {"instance", "issue_id", "issue_key", "project_key", "updated", "raw", "synced_at", "deleted_at"}
)
ALL_INSTANCES = "*"
COMBINE_METHODS = ("first", "space", "comma")
PICKS = ("first", "latest")

_COLUMN_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_INSTANCE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
_FIELD_PATH = re.compile(r"^[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*$")


def validate_column_name(name: Any) -> str:
    """Return `name` if it is a safe, unreserved column name, else raise MappingError."""
    if not isinstance(name, str) or not _COLUMN_NAME.match(name):
        raise MappingError(
            f"column name {name!r} is not allowed: use 1-63 lowercase letters, digits and _, "
            "starting with a letter (e.g. story_points)"
        )
    if name in RESERVED_COLUMNS:
        raise MappingError(
            f"column name {name!r} is a core column of jira_issues_v2; choose another name "
            f"(reserved: {', '.join(sorted(RESERVED_COLUMNS))})"
        )
    return name


def _normalise_path(path: Any) -> str:
    if not isinstance(path, str) or not _FIELD_PATH.match(path):
        raise MappingError(
            f"field path {path!r} is not a JIRA field id or dotted path "
            "(e.g. customfield_10016, assignee.displayName)"
        )
    # The previous system wrote paths from the issue root; values always live under fields.
    return path.removeprefix("fields.")


@dataclass(frozen=True)
class FieldSource:
    """JIRA fields read for one column on one instance, and how several are combined."""

    paths: tuple[str, ...]
    combine: str = "first"
    user_attribute: str = "displayName"

    def __post_init__(self):
        paths = (self.paths,) if isinstance(self.paths, str) else tuple(self.paths)
        if not paths:
            raise MappingError("a field source needs at least one field path")
        object.__setattr__(self, "paths", tuple(_normalise_path(path) for path in paths))
        if self.combine not in COMBINE_METHODS:
            raise MappingError(f"combine {self.combine!r} is unknown; use one of: {', '.join(COMBINE_METHODS)}")
        if self.user_attribute not in USER_ATTRIBUTES:
            raise MappingError(
                f"user_attribute {self.user_attribute!r} is unknown; use one of: {', '.join(USER_ATTRIBUTES)}"
            )

    @property
    def jira_fields(self) -> tuple[str, ...]:
        """The top-level JIRA field ids this source reads."""
        return tuple(path.split(".", 1)[0] for path in self.paths)


@dataclass(frozen=True)
class TransitionSource:
    """The time an issue's status last (or first) changed to one of `statuses`, from the changelog."""

    statuses: tuple[str, ...]
    pick: str = "latest"

    def __post_init__(self):
        statuses = (self.statuses,) if isinstance(self.statuses, str) else tuple(self.statuses)
        if not statuses or not all(isinstance(status, str) and status.strip() for status in statuses):
            raise MappingError(f"transition_to needs one or more status names, got {self.statuses!r}")
        object.__setattr__(self, "statuses", statuses)
        if self.pick not in PICKS:
            raise MappingError(f"pick {self.pick!r} is unknown; use one of: {', '.join(PICKS)}")


@dataclass(frozen=True)
class TimeInStatusSource(TransitionSource):
    """Whole seconds an issue spent in any of `statuses` (completed stays only), from the changelog.

    A stay starts with a transition into one of `statuses` and ends with the next transition
    out of all of them; moves between the named statuses continue the stay. A stay still open
    is not counted (the value would change without the issue changing), nor is the time before
    the first transition (the changelog does not hold the creation). None when no stay ended.
    `pick` does not apply.
    """


Source = Union[FieldSource, TransitionSource]


@dataclass(frozen=True)
class FieldMapping:
    """One user-defined column of jira_issues_v2 and its JIRA source on each instance."""

    column: str
    type: str
    group: str = "custom"
    description: str = ""
    default: Any = field(default=None, hash=False)
    active: bool = True
    # Key "*" is the source of every instance that has no entry of its own.
    sources: dict[str, Source] = field(default_factory=dict, hash=False)

    def __post_init__(self):
        problems = _problems_of(self)
        if problems:
            raise MappingError.from_problems(f"field mapping {self.column!r}", problems)
        object.__setattr__(self, "sources", dict(self.sources))
        if self.default is not None:
            object.__setattr__(self, "default", coercer_for(self.type)(self.default))

    def source_for(self, instance: str) -> Source | None:
        """The source of `instance`: its own entry, else the "*" entry, else None."""
        source = self.sources.get(instance)
        return source if source is not None else self.sources.get(ALL_INSTANCES)


def _problems_of(mapping: FieldMapping) -> list[str]:
    problems = []
    try:
        validate_column_name(mapping.column)
    except MappingError as error:
        problems.append(str(error))
    if mapping.type not in COLUMN_TYPES:
        problems.append(f"type {mapping.type!r} is unknown; use one of: {', '.join(COLUMN_TYPES)}")
    elif mapping.default is not None:
        try:
            coercer_for(mapping.type)(mapping.default)
        except ConversionError as error:
            problems.append(f"default {mapping.default!r} does not fit type {mapping.type}: {error}")
    for name, expected in (("group", str), ("description", str), ("active", bool)):
        if not isinstance(getattr(mapping, name), expected):
            problems.append(f"{name} must be a {expected.__name__}, got {getattr(mapping, name)!r}")
    if not isinstance(mapping.sources, dict):
        return problems + [f"sources must be a mapping of instance name to source, got {mapping.sources!r}"]
    for instance, source in mapping.sources.items():
        if instance != ALL_INSTANCES and not (isinstance(instance, str) and _INSTANCE_NAME.match(instance)):
            problems.append(f"source key {instance!r} is not an instance name (^[a-z][a-z0-9_]{{0,30}}$) or '*'")
        if not isinstance(source, (FieldSource, TransitionSource)):
            problems.append(f"source of {instance!r} must be a FieldSource or TransitionSource, got {source!r}")
    return problems
