"""The parts of a changelog answer that the warehouse keeps, as shapes for msgspec.

Decoding into these reads only the named keys (a history's user object also carries
avatar URLs, time zone and e-mail, which nothing stores) into plain dicts, about half
the work of decoding everything.
"""

from typing import Any, TypedDict

import msgspec


class Author(TypedDict, total=False):
    displayName: Any  # noqa: N815 — JIRA's names
    accountId: Any  # noqa: N815
    name: Any
    key: Any


HistoryItem = TypedDict("HistoryItem", {  # `from` is a Python keyword
    "field": Any, "fieldId": Any, "fieldtype": Any, "from": Any, "fromString": Any, "to": Any, "toString": Any,
}, total=False)


class History(TypedDict, total=False):
    id: Any
    created: Any
    author: Author | None
    items: list[HistoryItem] | None


class IssueChangelog(TypedDict, total=False):
    issueId: Any  # noqa: N815
    changeHistories: list[History] | None  # noqa: N815


class BulkfetchPage(TypedDict, total=False):
    issueChangeLogs: list[IssueChangelog] | None  # noqa: N815
    nextPageToken: Any  # noqa: N815


BULKFETCH_PAGE = msgspec.json.Decoder(BulkfetchPage)
