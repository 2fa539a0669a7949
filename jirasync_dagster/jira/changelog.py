"""Complete issue changelogs, fetched in bulk (never the truncated changelog of a search).

- Cloud: `POST /rest/api/3/changelog/bulkfetch` — up to 1000 issues per call, following
  `nextPageToken` (one issue's histories may continue on the next page). Where bulkfetch is
  unavailable (404/410), each issue's `GET /rest/api/3/issue/{id}/changelog` is paged. A
  call refused (400) for an issue deleted meanwhile is split until that issue is found out.
- Data Center: `POST /rest/api/2/search` with `expand=changelog` over `id in (...)` batches,
  which returns the full changelog there; an issue whose changelog still comes back
  truncated (`total` above what was returned) is read again with
  `GET /rest/api/2/issue/{id}?expand=changelog&fields=`.

Issues that JIRA does not return (deleted meanwhile, or without any history) are absent
from the result.
"""

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import orjson

from jirasync_dagster.jira.changelog_shapes import BULKFETCH_PAGE
from jirasync_dagster.jira.errors import JiraBadRequestError, JiraGoneError, JiraNotFoundError

logger = logging.getLogger("jirasync.jira")

BULKFETCH_MAX_ISSUES = 1000      # Atlassian's limit of issueIdsOrKeys per bulkfetch call
BULKFETCH_PAGE_ENTRIES = 10000   # maxResults: histories per bulkfetch page
ISSUE_CHANGELOG_PAGE = 100       # /issue/{id}/changelog caps maxResults at 100
DATACENTER_SEARCH_IDS = 250      # ids per `id in (...)` search (keeps the JQL short)

Histories = dict[int, list[dict]]


class ChangelogFetcher:
    """Fetches complete changelogs of one instance for given issue ids."""

    def __init__(self, client, *, chunk_size: int = BULKFETCH_MAX_ISSUES,
                 datacenter_batch: int = DATACENTER_SEARCH_IDS, log=logger):
        if not 1 <= chunk_size <= BULKFETCH_MAX_ISSUES:
            raise ValueError(f"chunk_size must be between 1 and {BULKFETCH_MAX_ISSUES}, got {chunk_size}")
        self.client = client
        self.chunk_size = chunk_size
        self.datacenter_batch = datacenter_batch
        self.log = log
        self._bulkfetch = True  # turned off once the instance shows it lacks the endpoint
        self.calls = 0  # requests this fetcher sent, whichever threads sent them
        self._calls_lock = threading.Lock()

    def _get(self, path: str, params: dict):
        self._count_call()
        return self.client.transport.get(path, params)

    def _post(self, path: str, body: dict, decode: Callable[[bytes], Any] = orjson.loads):
        self._count_call()
        return self.client.transport.post(path, body, decode=decode)

    def _count_call(self) -> None:
        with self._calls_lock:
            self.calls += 1

    def chunks(self, issue_ids: Sequence[int]) -> Iterator[list[int]]:
        """`issue_ids` in chunks of at most `chunk_size` (one bulkfetch call each on Cloud)."""
        ids = list(issue_ids)
        for start in range(0, len(ids), self.chunk_size):
            yield ids[start:start + self.chunk_size]

    def fetch(self, issue_ids: Sequence[int]) -> Histories:
        """Complete histories (oldest first) per issue id, for at most `chunk_size` ids."""
        ids = [int(i) for i in issue_ids]
        if len(ids) > self.chunk_size:
            raise ValueError(f"fetch takes at most {self.chunk_size} issue ids, got {len(ids)}; use chunks()")
        if not ids:
            return {}
        if self.client.flavour == "cloud":
            if self._bulkfetch:
                try:
                    return self._cloud_bulk_around_vanished(ids)
                except (JiraNotFoundError, JiraGoneError) as error:
                    self._bulkfetch = False
                    self.log.warning(f"{self.client.name}: changelog bulkfetch unavailable ({error.status}); "
                                     "paging each issue's changelog instead")
            return self._cloud_issues(ids)
        return self._datacenter(ids)

    # --- Cloud -------------------------------------------------------------------------
    def _cloud_bulk(self, ids: list[int]) -> Histories:
        result: Histories = {}
        body: dict = {"issueIdsOrKeys": [str(i) for i in ids], "maxResults": BULKFETCH_PAGE_ENTRIES}
        seen_tokens = set()
        while True:
            page = self._post("/rest/api/3/changelog/bulkfetch", body, decode=BULKFETCH_PAGE.decode)
            for log in page.get("issueChangeLogs") or ():
                result.setdefault(int(log["issueId"]), []).extend(log.get("changeHistories") or ())
            token = page.get("nextPageToken")
            if not token or token in seen_tokens:
                break
            seen_tokens.add(token)
            body = {**body, "nextPageToken": token}
        for histories in result.values():
            _order(histories)
        return result

    def _cloud_bulk_around_vanished(self, ids: list[int]) -> Histories:
        try:
            return self._cloud_bulk(ids)
        except JiraBadRequestError:
            # JIRA refuses a whole bulkfetch when one of its ids was deleted meanwhile: halve the
            # ids until that one stands alone, then its own changelog's 404 shows it is gone.
            if len(ids) == 1:
                return self._cloud_issues(ids)
            half = len(ids) // 2
            return {**self._cloud_bulk_around_vanished(ids[:half]), **self._cloud_bulk_around_vanished(ids[half:])}

    def _cloud_issues(self, ids: list[int]) -> Histories:
        return {i: h for i in ids if (h := self._cloud_issue(i))}

    def _cloud_issue(self, issue_id: int) -> list[dict]:
        histories: list[dict] = []
        start = 0
        while True:
            try:
                page = self._get(f"/rest/api/3/issue/{issue_id}/changelog",
                                          {"startAt": start, "maxResults": ISSUE_CHANGELOG_PAGE})
            except JiraNotFoundError:
                return []  # deleted since the sync read it
            values = page.get("values") or []
            histories.extend(values)
            start += len(values)
            if page.get("isLast", True) or not values:
                return _order(histories)

    # --- Data Center -------------------------------------------------------------------
    def _datacenter(self, ids: list[int]) -> Histories:
        result: Histories = {}
        for start in range(0, len(ids), self.datacenter_batch):
            batch = ids[start:start + self.datacenter_batch]
            try:
                issues = self._datacenter_search(batch)
            except JiraBadRequestError:
                # JQL rejects ids that no longer exist; read those issues one at a time.
                issues = [issue for i in batch if (issue := self._datacenter_issue(i)) is not None]
            for issue in issues:
                log = issue.get("changelog") or {}
                histories = list(log.get("histories") or ())
                if (log.get("total") or 0) > len(histories):
                    full = self._datacenter_issue(int(issue["id"]))
                    histories = list(((full or {}).get("changelog") or {}).get("histories") or histories)
                if histories:
                    result[int(issue["id"])] = _order(histories)
        return result

    def _datacenter_search(self, batch: list[int]) -> list[dict]:
        issues: list[dict] = []
        last_id = 0
        while True:
            page = self._post("/rest/api/2/search", {
                "jql": f"id in ({', '.join(map(str, batch))}) AND id > {last_id} ORDER BY id ASC",
                "fields": ["updated"], "expand": ["changelog"], "maxResults": len(batch), "startAt": 0,
                "validateQuery": False,
            })
            found = list(page.get("issues") or [])
            issues.extend(found)
            if not found or len(found) >= (page.get("total") or 0):
                return issues
            last_id = int(found[-1]["id"])

    def _datacenter_issue(self, issue_id: int) -> dict | None:
        try:
            return self._get(f"/rest/api/2/issue/{issue_id}", {"expand": "changelog", "fields": "updated"})
        except JiraNotFoundError:
            return None


def _order(histories: list[dict]) -> list[dict]:
    """Oldest first, by id (JIRA history ids grow with time), keeping one copy of each."""
    unique = {str(h.get("id")): h for h in histories}
    histories[:] = sorted(unique.values(), key=lambda h: int(h["id"]) if str(h.get("id", "")).isdigit() else 0)
    return histories

