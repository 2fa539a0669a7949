"""IssueConverter: one JIRA issue to the typed values of every active mapped column."""

from dataclasses import dataclass, field
from typing import Any, Callable

from jirasync_dagster.mapping.coercers import coercer_for
from jirasync_dagster.mapping.errors import ConversionError
from jirasync_dagster.mapping.model import FieldMapping, FieldSource, TransitionSource
from jirasync_dagster.mapping.readers import changelog_reader, field_reader


@dataclass(slots=True)
class ConvertedRow:
    """Typed column values of one issue, and why any value could not be converted."""

    values: dict[str, Any] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _ColumnPlan:
    column: str
    read: Callable[[Any], Any]
    coerce: Callable[[Any], Any]
    default: Any
    from_changelog: bool


class IssueConverter:
    """Converts issues of one instance with its active mappings; plans are compiled once."""

    def __init__(self, mappings: list[FieldMapping], instance: str):
        self.instance = instance
        self.columns = [mapping for mapping in mappings if mapping.active]
        self._plans = [plan for plan in map(self._plan, self.columns) if plan is not None]
        self._constants = {
            mapping.column: mapping.default for mapping in self.columns if mapping.source_for(instance) is None
        }
        self.needs_changelog = any(plan.from_changelog for plan in self._plans)
        self.jira_fields = sorted(
            {
                jira_field
                for mapping in self.columns
                if isinstance(source := mapping.source_for(instance), FieldSource)
                for jira_field in source.jira_fields
            }
        )

    def _plan(self, mapping: FieldMapping) -> _ColumnPlan | None:
        source = mapping.source_for(self.instance)
        if source is None:
            return None
        attribute = source.user_attribute if isinstance(source, FieldSource) else "displayName"
        coerce = coercer_for(mapping.type, attribute)
        if isinstance(source, TransitionSource):
            return _ColumnPlan(mapping.column, changelog_reader(source), coerce, mapping.default, True)
        return _ColumnPlan(mapping.column, field_reader(source), coerce, mapping.default, False)

    def convert(self, issue: dict, changelog: list[dict] | None = None) -> ConvertedRow:
        """Typed values of `issue`; bad values become None and are listed in `failures`.

        Transition columns need changelog histories, given here or embedded by
        `expand=changelog`; without them those columns are None.
        """
        fields = issue.get("fields") or {}
        if changelog is None:
            changelog = (issue.get("changelog") or {}).get("histories")
        values = dict(self._constants)
        failures = {}
        for plan in self._plans:
            if plan.from_changelog:
                if changelog is None:
                    values[plan.column] = None
                    continue
                source_data = changelog
            else:
                source_data = fields
            try:
                raw = plan.read(source_data)
                value = None if raw is None else plan.coerce(raw)
            except ConversionError as error:
                values[plan.column] = None
                failures[plan.column] = str(error)
                continue
            except (ValueError, TypeError, AttributeError, KeyError) as error:
                # A shape nobody anticipated must not stop a sync of 100,000 issues either.
                values[plan.column] = None
                failures[plan.column] = f"unexpected value shape ({type(error).__name__}: {error})"
                continue
            values[plan.column] = plan.default if value is None else value
        return ConvertedRow(values, failures)
