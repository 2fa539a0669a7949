"""Turning a JIRA issue into a warehouse row: core columns, then the mapped columns."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import orjson

from jirasync_dagster.mapping import TransitionSource
from jirasync_dagster.sync.issue_extras import Entities, IssueExtras, add_issue
from jirasync_dagster.warehouse import RowLayout
from jirasync_dagster.warehouse.issue_rows import EncodedRows, encode_rows

# Always requested: the row's project and watermark come from them.
CORE_FIELDS = ("project", "updated")


def parse_jira_datetime(value: str | None) -> datetime | None:
    """JIRA's `2024-03-05T10:11:12.345+0000` as an aware datetime."""
    return datetime.fromisoformat(value) if value else None


@dataclass
class ConvertedPage:
    """A page of issues as rows ready to COPY, with what the sync tracks of each: id and `updated`; and their
    comments and links."""

    rows: EncodedRows = field(default_factory=EncodedRows)
    updated: list[datetime | None] = field(default_factory=list)
    failures: Counter = field(default_factory=Counter)  # values that did not convert, per column
    extras: IssueExtras = field(default_factory=IssueExtras)


class RowBuilder:
    """Builds rows for one instance with its active field mappings."""

    def __init__(self, instance: str, converter, entities: Entities = Entities()):
        self.instance = instance
        self.converter = converter
        self.entities = entities
        # Changelog-derived columns are written by the changelog step alone: a merge writing
        # them too would blank them (search results carry no complete changelog).
        self.columns = [m for m in converter.columns if not isinstance(m.source_for(instance), TransitionSource)]
        self.layout = RowLayout(tuple((m.column, m.type) for m in self.columns))
        self.fields = sorted(set(converter.jira_fields) | set(CORE_FIELDS) | set(entities.fields))
        self.failures: Counter = Counter()

    def row(self, issue: dict) -> tuple:
        """The row of `issue`; values that do not convert are NULL and counted in `failures`."""
        return self._row(issue, orjson.dumps(issue), self.failures)

    def page(self, raw_issues: list[bytes]) -> ConvertedPage:
        """A page's issues (JSON as JIRA sent it) as encoded rows; its failures are counted in the page only."""
        page = ConvertedPage()
        rows = []
        for raw in raw_issues:
            issue = orjson.loads(raw)
            rows.append(row := self._row(issue, raw, page.failures))
            add_issue(page.extras, self.entities, self.instance, issue, row[3], row[4])
        page.rows = encode_rows(rows, self.layout)
        page.updated = [row[4] for row in rows]
        return page

    def _row(self, issue: dict, raw: bytes, failures: Counter) -> tuple:
        fields = issue.get("fields") or {}
        converted = self.converter.convert(issue)
        for column in converted.failures:
            failures[column] += 1
        project = (fields.get("project") or {}).get("key") or issue["key"].rsplit("-", 1)[0]
        return (
            self.instance, int(issue["id"]), issue["key"], project,
            # `raw` as JSON bytes: a batch in flight then holds ~6 KB per issue, not its dicts.
            parse_jira_datetime(fields.get("updated")), raw,
            *(converted.values.get(m.column) for m in self.columns),
        )
