"""An issue's comments past those search embeds: `GET {api}/issue/{id}/comment`, paged by startAt."""

import threading

from jirasync_dagster.jira.errors import JiraNotFoundError

COMMENT_PAGE = 100  # comments asked per request; JIRA may answer fewer, and paging follows what it sends


class CommentFetcher:
    """Pages the comments of single issues of one instance, counting the requests it sends."""

    def __init__(self, client, page_size: int = COMMENT_PAGE):
        self.client, self.page_size = client, page_size
        self.calls = 0
        self._lock = threading.Lock()

    def fetch(self, issue_id: int, start_at: int = 0) -> list[dict] | None:
        """The issue's comments from `start_at` on, oldest first; None when the issue is gone (404)."""
        found: list[dict] = []
        while True:
            with self._lock:
                self.calls += 1
            try:
                page = self.client.transport.get(f"{self.client.api}/issue/{issue_id}/comment",
                                                 {"startAt": start_at, "maxResults": self.page_size})
            except JiraNotFoundError:
                return None  # deleted or moved out of sight meanwhile: reconciliation deals with it
            comments = page.get("comments") or []
            found += comments
            start_at += len(comments)
            if not comments or start_at >= (page.get("total") or 0):
                return found
