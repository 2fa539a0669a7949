"""Users by the keys synced rows name them by: Cloud in bulk by accountId, Data Center one by one by name.

Cloud's `GET /rest/api/3/user/bulk` takes repeated `accountId` parameters and pages its answer
(`maxResults` defaults to 10, so it is set to the ids sent). Atlassian documents no cap on the
ids for Jira (Confluence's twin endpoint takes 200), but every id lengthens the URL and long
ones fail with 400 or 414 (JRACLOUD-78790), so BULK_IDS go per call: 90 of the longest
accountIds (~55 characters with their parameter name) stay near 5 KB. Data Center has no bulk
read: `GET /rest/api/2/user?username=` per user.
"""

from collections import Counter

from jirasync_dagster.jira.errors import JiraNotFoundError

BULK_IDS = 90


class UserReader:
    """Reads one instance's users; `requests` counts the requests sent."""

    def __init__(self, client):
        self.client = client
        self.requests: Counter = Counter()

    def users(self, keys: list[str]) -> list[dict]:
        """The users among `keys` (accountIds on Cloud, user names on Data Center) that JIRA knows."""
        if self.client.flavour == "cloud":
            chunks = (keys[start:start + BULK_IDS] for start in range(0, len(keys), BULK_IDS))
            return [user for chunk in chunks for user in self._bulk(chunk)]
        return [user for key in keys if (user := self._by_name(key)) is not None]

    def _bulk(self, account_ids: list[str]) -> list[dict]:
        found: list[dict] = []
        while True:
            self.requests["users"] += 1
            page = self.client.transport.get(f"{self.client.api}/user/bulk", {
                "accountId": account_ids, "startAt": len(found), "maxResults": len(account_ids)}) or {}
            found += page.get("values") or []
            if page.get("isLast", True) or not page.get("values"):
                return found

    def _by_name(self, name: str) -> dict | None:
        self.requests["users"] += 1
        try:
            return self.client.transport.get(f"{self.client.api}/user", {"username": name})
        except JiraNotFoundError:
            return None  # deleted from the directory: its rows keep the name
