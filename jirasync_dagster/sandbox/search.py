"""Runs JQL against an instance with cached orderings for startAt and token paging."""

import base64
import itertools
import operator
from collections import OrderedDict

from .jql import JqlError, compile_query, parse

_CACHE_SIZE = 64


class SearchEngine:
    """Ordered result ids per query, computed once per store version and reused across pages."""

    def __init__(self, instance):
        self.instance = instance
        self._results: OrderedDict[str, tuple[int, list[int]]] = OrderedDict()
        self._cursors: OrderedDict[int, list[int]] = OrderedDict()
        self._cursor_ids = itertools.count(1)

    def ids(self, jql: str) -> list[int]:
        """Matching issue ids in query order; cached until the next mutation."""
        instance = self.instance
        with instance.lock:
            cached = self._results.get(jql)
            if cached and cached[0] == instance.version:
                return cached[1]
            compiled = compile_query(parse(jql), instance)
            matched = [r for r in instance.records_in(compiled.projects) if compiled.predicate(r)]
            # Sorting by id first makes ties (equal `updated`) come out the same on every page.
            matched.sort(key=operator.attrgetter("id"))
            for attribute, descending in reversed(compiled.order or (("id", False),)):
                matched.sort(key=operator.attrgetter(attribute), reverse=descending)
            ids = [r.id for r in matched]
            self._results[jql] = (instance.version, ids)
            _trim(self._results)
            return ids

    def page_by_token(self, jql: str, token: str | None, size: int) -> tuple[list[int], str | None]:
        """One page of a token chain: the first page pins the ordering, the token walks it."""
        if token:
            try:
                cursor, offset = map(int, base64.urlsafe_b64decode(token.encode()).decode().split(":"))
                ids = self._cursors[cursor]
            except (ValueError, KeyError, UnicodeDecodeError):
                raise JqlError("The provided next page token is invalid or expired.") from None
        else:
            cursor, offset, ids = next(self._cursor_ids), 0, self.ids(jql)
            with self.instance.lock:
                self._cursors[cursor] = ids
                _trim(self._cursors)
        end = offset + size
        if end >= len(ids):
            return ids[offset:], None
        return ids[offset:end], base64.urlsafe_b64encode(f"{cursor}:{end}".encode()).decode()


def _trim(cache: OrderedDict):
    """Forget the oldest entries beyond the cache size."""
    while len(cache) > _CACHE_SIZE:
        cache.popitem(last=False)
