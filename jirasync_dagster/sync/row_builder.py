"""Turning a JIRA issue into a warehouse row: core columns, then the mapped columns."""

from collections import Counter
from datetime import datetime

import orjson

from jirasync_dagster.mapping import TransitionSource
from jirasync_dagster.warehouse import RowLayout

# Always requested: the row's project and watermark come from them.
CORE_FIELDS = ("project", "updated")


def parse_jira_datetime(value: str | None) -> datetime | None:
    """JIRA's `2024-03-05T10:11:12.345+0000` as an aware datetime."""
    return datetime.fromisoformat(value) if value else None


class RowBuilder:
    """Builds rows for one instance with its active field mappings."""

    def __init__(self, instance: str, converter):
        self.instance = instance
        self.converter = converter
        # Changelog-derived columns are written by the changelog step alone: a merge writing
        # them too would blank them (search results carry no complete changelog).
        self.columns = [m for m in converter.columns if not isinstance(m.source_for(instance), TransitionSource)]
        self.layout = RowLayout(tuple((m.column, m.type) for m in self.columns))
        self.fields = sorted(set(converter.jira_fields) | set(CORE_FIELDS))
        self.failures: Counter = Counter()

    def row(self, issue: dict) -> tuple:
        """The row of `issue`; values that do not convert are NULL and counted in `failures`."""
        return self._row(issue, orjson.dumps(issue))

    def row_of_json(self, raw: bytes) -> tuple:
        """The row of one issue's JSON as JIRA sent it, which becomes `raw` unchanged."""
        return self._row(orjson.loads(raw), raw)

    def _row(self, issue: dict, raw: bytes) -> tuple:
        fields = issue.get("fields") or {}
        converted = self.converter.convert(issue)
        for column in converted.failures:
            self.failures[column] += 1
        project = (fields.get("project") or {}).get("key") or issue["key"].rsplit("-", 1)[0]
        return (
            self.instance, int(issue["id"]), issue["key"], project,
            # `raw` as JSON bytes: a batch in flight then holds ~6 KB per issue, not its dicts.
            parse_jira_datetime(fields.get("updated")), raw,
            *(converted.values.get(m.column) for m in self.columns),
        )
