"""Worklog endpoints (/rest/api/3 on Cloud, /2 on Data Center) and the /_sandbox mutations of worklogs.

`/worklog/updated` and `/worklog/deleted` page an instance's changes by time: at most FEED_PAGE
entries after `since` (exclusive), `nextPage` naming the next `since`, `lastPage` on the last.
A page never ends between two entries of the same millisecond, which an exclusive `since`
would skip. A Data Center spec with `worklog_feed=False` (JIRA before 7) has neither those nor
/worklog/list: only /issue/{id}/worklog.
"""

from .rest_comments import issue_page
from .routing import REST, SANDBOX, Request, Response, error, int_param, no_route

API = r"/rest/api/(2|3)"
FEED_PAGE = 1000  # entries per feed page, as JIRA sends
LIST_LIMIT = 1000  # ids /worklog/list takes at once
ISSUE_PAGE_CAP = 5000


def _feed(instance, req: Request, entries: list[tuple[int, int]]) -> Response:
    """One feed page of (worklog id, time) entries after `since`."""
    if not instance.spec.worklog_feed:
        return no_route(req.path)
    since = int_param(req.params, "since", 0)
    after = sorted((t, i) for i, t in entries if t > since)
    page = after[:FEED_PAGE]
    while page and len(page) < len(after) and after[len(page)][0] == page[-1][0]:
        page.append(after[len(page)])
    until = page[-1][0] if page else since
    url = f"{instance.base_url}/rest/api/{req.groups[0]}/worklog/{req.path.rsplit('/', 1)[1]}"
    body = {"values": [{"worklogId": i, "updatedTime": t, "properties": []} for t, i in page],
            "since": page[0][0] if page else since, "until": until, "self": f"{url}?since={since}",
            "lastPage": len(page) == len(after)}
    if not body["lastPage"]:
        body["nextPage"] = f"{url}?since={until}"
    return Response(200, body)


@REST.route("GET", API + r"/worklog/updated")
def updated(instance, req: Request) -> Response:
    """Ids and update times of worklogs changed after `since` (epoch ms), oldest first."""
    book = instance.worklogs
    with instance.lock:
        entries = [(w[0], w[6]) for w in book.worklogs.values() if book.visible(w)]
    return _feed(instance, req, entries)


@REST.route("GET", API + r"/worklog/deleted")
def deleted(instance, req: Request) -> Response:
    """Ids and deletion times of worklogs deleted after `since` (epoch ms), oldest first."""
    with instance.lock:
        entries = list(instance.worklogs.deleted)
    return _feed(instance, req, entries)


@REST.route("POST", API + r"/worklog/list")
def worklog_list(instance, req: Request) -> Response:
    """The worklogs among `ids` that exist and are visible (at most LIST_LIMIT ids)."""
    if not instance.spec.worklog_feed:
        return no_route(req.path)
    ids = (req.body or {}).get("ids") or []
    if len(ids) > LIST_LIMIT:
        return error(400, f"The number of worklog ids exceeds the limit of {LIST_LIMIT}.")
    book, api = instance.worklogs, int(req.groups[0])
    with instance.lock:
        found = [book.worklogs.get(int(i)) for i in ids]
        return Response(200, [book.render(w, api) for w in found if w is not None and book.visible(w)])


@REST.route("GET", API + r"/issue/([^/]+)/worklog")
def issue_worklogs(instance, req: Request) -> Response:
    """One page of an issue's worklogs, oldest first: {startAt, maxResults, total, worklogs}."""
    book, api = instance.worklogs, int(req.groups[0])
    return issue_page(instance, req, "worklogs", lambda r: book.of_issue(r.id), lambda r, w: book.render(w, api),
                      ISSUE_PAGE_CAP)


@SANDBOX.route("POST", r"/_sandbox/issues/([^/]+)/worklogs")
def add_worklog(instance, req: Request) -> Response:
    """Log {seconds, comment?, started?} on an issue; returns {id}."""
    body = req.body or {}
    added = instance.worklogs.add(req.groups[0], body["seconds"], body.get("comment"), body.get("started"))
    return Response(201, added)


@SANDBOX.route("PUT", r"/_sandbox/worklogs/(\d+)")
def edit_worklog(instance, req: Request) -> Response:
    """Change a worklog's {seconds?, comment?, started?}."""
    instance.worklogs.edit(int(req.groups[0]), **(req.body or {}))
    return Response(204, None)


@SANDBOX.route("DELETE", r"/_sandbox/worklogs/(\d+)")
def delete_worklog(instance, req: Request) -> Response:
    """Delete a worklog."""
    instance.worklogs.delete(int(req.groups[0]))
    return Response(204, None)
