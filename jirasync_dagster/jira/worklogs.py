"""Worklogs: the instance-wide feeds of changed and deleted ones, their bulk read, and one issue's list.

`{api}/worklog/updated?since=` and `/worklog/deleted?since=` (epoch ms, Cloud and Data Center
7.0+) page ids with their times; `nextPage` names the next page, `lastPage` ends the feed.
`POST {api}/worklog/list` reads up to LIST_LIMIT ids at once. A Data Center without the feeds
answers 404: then only `{api}/issue/{id}/worklog` (paged by startAt) remains.
"""

from collections import Counter
from urllib.parse import parse_qs, urlsplit

from jirasync_dagster.jira.errors import JiraNotFoundError

LIST_LIMIT = 1000  # JIRA refuses /worklog/list with more ids (400)
ISSUE_PAGE = 1000


class WorklogReader:
    """Reads one instance's worklogs; `requests` counts the requests sent per endpoint."""

    def __init__(self, client):
        self.client = client
        self.requests: Counter = Counter()

    def feed(self, kind: str, since: int) -> tuple[dict[int, int], int] | None:
        """{worklog id: time} of the `kind` ("updated" or "deleted") feed after `since`, and where the feed
        ended (the next `since`); None when the site has no such feed."""
        found: dict[int, int] = {}
        until = since
        while True:
            self.requests[f"worklog_{kind}"] += 1
            try:
                page = self.client.transport.get(f"{self.client.api}/worklog/{kind}", {"since": since}) or {}
            except JiraNotFoundError:
                return None
            found.update((int(v["worklogId"]), int(v["updatedTime"])) for v in page.get("values") or ())
            # An empty page may say until 0: the position never goes back.
            until = max(until, int(page.get("until") or 0))
            following = _next_since(page.get("nextPage"), until)
            if page.get("lastPage", True) or following <= since:
                return found, until
            since = following

    def worklogs(self, ids: list[int]) -> list[dict]:
        """The worklogs among `ids` that still exist, LIST_LIMIT ids per request."""
        found: list[dict] = []
        ordered = sorted(ids)
        for start in range(0, len(ordered), LIST_LIMIT):
            self.requests["worklog_list"] += 1
            found += self.client.transport.post(f"{self.client.api}/worklog/list",
                                                {"ids": ordered[start:start + LIST_LIMIT]}) or []
        return found

    def of_issue(self, issue_id: int) -> list[dict] | None:
        """Every worklog of one issue, oldest first; None when the issue is gone (404)."""
        found: list[dict] = []
        while True:
            self.requests["worklog_issue"] += 1
            try:
                page = self.client.transport.get(f"{self.client.api}/issue/{issue_id}/worklog",
                                                 {"startAt": len(found), "maxResults": ISSUE_PAGE})
            except JiraNotFoundError:
                return None
            shown = page.get("worklogs") or []
            found += shown
            if not shown or len(found) >= (page.get("total") or 0):
                return found


def _next_since(next_page: str | None, until: int) -> int:
    """The `since` of the page JIRA names next (its URL's parameter), else the feed's `until`."""
    values = parse_qs(urlsplit(next_page).query).get("since") if next_page else None
    return int(values[0]) if values else until
