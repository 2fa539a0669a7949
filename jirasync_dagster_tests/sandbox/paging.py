"""Helpers that page through sandbox searches the way a sync client would."""


def cloud_keys(url: str, session, jql: str, page: int = 100, fields: str = "updated") -> list[str]:
    """Every key of a Cloud /search/jql token chain."""
    keys, token = [], None
    while True:
        body = {"jql": jql, "maxResults": page, "fields": fields.split(",")}
        if token:
            body["nextPageToken"] = token
        response = session.post(f"{url}/rest/api/3/search/jql", json=body)
        response.raise_for_status()
        data = response.json()
        keys += [i["key"] for i in data["issues"]]
        token = data.get("nextPageToken")
        if data["isLast"]:
            return keys


def dc_keys(url: str, session, jql: str, page: int = 1000) -> list[str]:
    """Every key of a Data Center /search, following startAt until total."""
    keys, start = [], 0
    while True:
        response = session.get(f"{url}/rest/api/2/search",
                               params={"jql": jql, "startAt": start, "maxResults": page, "fields": "updated"})
        response.raise_for_status()
        data = response.json()
        keys += [i["key"] for i in data["issues"]]
        start += len(data["issues"])
        if not data["issues"] or start >= data["total"]:
            return keys
