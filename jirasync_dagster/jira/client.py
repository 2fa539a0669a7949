"""The JIRA client: flavour detection, metadata, projects and streamed issue search."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

import msgspec
import orjson

from jirasync_dagster.jira.connection import Flavour, JiraConnection
from jirasync_dagster.jira.metadata_cache import MetadataCache, cache_namespace
from jirasync_dagster.jira.transport import JiraTransport

CLOUD_PROJECT_PAGE = 50


class _SearchAnswer(msgspec.Struct):
    """A search answer with its issues left undecoded: paging needs only the rest."""

    issues: list[msgspec.Raw] | None = None
    nextPageToken: str | None = None  # noqa: N815 — JIRA's names
    isLast: bool | None = None  # noqa: N815
    total: int | None = None


class _IssueId(msgspec.Struct):
    id: str | int


_SEARCH_ANSWER = msgspec.json.Decoder(_SearchAnswer)
_ISSUE_ID = msgspec.json.Decoder(_IssueId)


@dataclass
class SearchPage:
    """One page of search results, with what the next request needs.

    The issues arrive as the JSON JIRA sent, so a paging thread hands a page on without
    decoding it; `issues` decodes them on first use, in whichever thread asks.
    """

    raw_issues: list[bytes]
    next_page_token: str | None = None
    total: int | None = None
    server_date: datetime | None = None  # JIRA's clock when it answered (HTTP Date header)

    @cached_property
    def issues(self) -> list[dict]:
        """The page's issues, decoded."""
        return [orjson.loads(raw) for raw in self.raw_issues]

    @property
    def last_id(self) -> int | None:
        """The id of the page's last issue, read without decoding the page."""
        return int(_ISSUE_ID.decode(self.raw_issues[-1]).id) if self.raw_issues else None


class JiraClient:
    """Talks to one JIRA instance in its own dialect (Cloud v3 or Data Center v2)."""

    def __init__(self, connection: JiraConnection, transport: JiraTransport | None = None, *,
                 page_size: int = 100, cache: MetadataCache | None = None):
        self.connection = connection
        self.transport = transport or JiraTransport(connection)
        self.page_size = page_size
        self.cache = cache or MetadataCache(cache_namespace(connection))
        self._flavour: Flavour | None = connection.api

    @property
    def name(self) -> str:
        """The instance name used in partition keys and rows."""
        return self.connection.name

    @property
    def stats(self):
        """What this client has cost so far (calls, retries, throttling)."""
        return self.transport.stats

    @property
    def flavour(self) -> Flavour:
        """`cloud` or `datacenter`: configured, or read from serverInfo.deploymentType."""
        if self._flavour is None:
            deployment = str(self.server_info().get("deploymentType", "")).lower()
            self._flavour = "cloud" if deployment == "cloud" else "datacenter"
        return self._flavour

    @property
    def api(self) -> str:
        """The REST path prefix of this flavour."""
        return "/rest/api/3" if self.flavour == "cloud" else "/rest/api/2"

    def _cached(self, key: str, path: str):
        return self.cache.get(key, lambda: self.transport.get(path))

    def server_info(self) -> dict:
        """`/serverInfo`: version and deployment type (also the reachability check)."""
        return self._cached("server_info", "/rest/api/2/serverInfo")

    def myself(self) -> dict:
        """`/myself`: who the credentials belong to, and their time zone (which JQL dates use)."""
        return self._cached("myself", f"{self.api}/myself")

    def fields(self, fresh: bool = False) -> list[dict]:
        """`/field`: every system and custom field with its schema (`fresh`: not from the cache)."""
        if fresh:
            self.cache.forget("fields")
        return self._cached("fields", f"{self.api}/field")

    def projects(self) -> list[dict]:
        """Every project the account can see, narrowed to JIRA_PROJECTS_<n> when set."""
        if self.flavour == "cloud":
            found = list(self._cloud_projects())
        else:
            found = self.transport.get("/rest/api/2/project")
        allow = self.connection.projects
        return [p for p in found if allow is None or p["key"] in allow]

    def _cloud_projects(self) -> Iterator[dict]:
        start = 0
        while True:
            page = self.transport.get(
                "/rest/api/3/project/search", {"startAt": start, "maxResults": CLOUD_PROJECT_PAGE}
            )
            values = page.get("values") or []
            yield from values
            if page.get("isLast", True) or not values:
                return
            start += len(values)

    def search_pages(self, jql_filter: str, fields: list[str], *, page_size: int | None = None) -> Iterator[SearchPage]:
        """Stream every issue matching `jql_filter` in id order, a page at a time, with `fields`."""
        size = page_size or self.page_size
        if self.flavour == "cloud":
            yield from self._cloud_search(f"({jql_filter}) ORDER BY id ASC", fields, size)
        else:
            yield from self._datacenter_search(jql_filter, fields, size)

    def _cloud_search(self, jql: str, fields: list[str], size: int) -> Iterator[SearchPage]:
        # Cloud pages by token; a page may hold fewer issues than asked, so follow the token.
        body: dict = {"jql": jql, "fields": fields, "maxResults": size}
        while True:
            page = self.transport.post("/rest/api/3/search/jql", body, decode=_SEARCH_ANSWER.decode)
            token = page.nextPageToken or None
            yield SearchPage([bytes(issue) for issue in page.issues or ()], token,
                             server_date=self.transport.server_date)
            if (token is None if page.isLast is None else page.isLast) or not token:
                return
            body = {**body, "nextPageToken": token}

    def _datacenter_search(self, jql_filter: str, fields: list[str], size: int) -> Iterator[SearchPage]:
        # Keyset paging on the immutable id instead of startAt: an issue updated, created or
        # deleted while we page cannot shift the rest of the result and hide an issue.
        last_id = 0
        while True:
            answer = self.transport.post("/rest/api/2/search", {
                "jql": f"({jql_filter}) AND id > {last_id} ORDER BY id ASC",
                "fields": fields, "maxResults": size, "startAt": 0,
            }, decode=_SEARCH_ANSWER.decode)
            page = SearchPage([bytes(issue) for issue in answer.issues or ()], total=answer.total,
                              server_date=self.transport.server_date)
            yield page
            if not page.raw_issues or len(page.raw_issues) >= (answer.total or 0):
                return
            last_id = page.last_id

    def id_bounds(self, jql_filter: str) -> tuple[int, int] | None:
        """The lowest and highest issue id matching `jql_filter`, or None when nothing matches."""
        # Both ends at once: under latency this is one round trip, not two.
        with ThreadPoolExecutor(max_workers=2) as pool:
            low, high = pool.map(lambda direction: self._end_id(jql_filter, direction), ("ASC", "DESC"))
        return None if low is None or high is None else (low, high)

    def highest_id(self, jql_filter: str) -> int | None:
        """The highest issue id matching `jql_filter`, or None when nothing matches."""
        return self._end_id(jql_filter, "DESC")

    def _end_id(self, jql_filter: str, direction: str) -> int | None:
        path = "/rest/api/3/search/jql" if self.flavour == "cloud" else "/rest/api/2/search"
        body = {"jql": f"({jql_filter}) ORDER BY id {direction}", "fields": ["id"], "maxResults": 1}
        issues = self.transport.post(path, body).get("issues") or []
        return int(issues[0]["id"]) if issues else None

    def count(self, jql: str) -> int:
        """How many issues match `jql` (approximate on Cloud, exact `total` on Data Center)."""
        if self.flavour == "cloud":
            return int(self.transport.post("/rest/api/3/search/approximate-count", {"jql": jql})["count"])
        return int(self.transport.post("/rest/api/2/search", {"jql": jql, "fields": ["id"], "maxResults": 0})["total"])

    def __enter__(self) -> "JiraClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release the HTTP connections."""
        self.transport.close()
