"""An issue's comments, paged: GET /rest/api/3 (Cloud) or /2 (Data Center) /issue/{idOrKey}/comment."""

from .rest_issue import NOT_FOUND
from .routing import REST, Request, Response, error, int_param

API = r"/rest/api/(2|3)"
COMMENT_PAGE_CAP = 100  # the sandbox's largest page, so issues with many comments take several requests


def issue_page(instance, req: Request, name: str, items, render, cap: int) -> Response:
    """One page of an issue's `items(record)` as {startAt, maxResults, total, <name>}, each rendered by
    `render(record, item)`; 404 for an issue that is gone or hidden."""
    r = instance.resolve(req.groups[1])
    if r is None or not instance.projects[r.project].visible:
        return error(404, NOT_FOUND)
    start = int_param(req.params, "startAt", 0)
    size = int_param(req.params, "maxResults", cap, cap=cap)
    every = items(r)
    return Response(200, {"startAt": start, "maxResults": size, "total": len(every),
                          name: [render(r, item) for item in every[start:start + size]]})


@REST.route("GET", API + r"/issue/([^/]+)/comment")
def comments(instance, req: Request) -> Response:
    """One page of an issue's comments, oldest first: {startAt, maxResults, total, comments}."""
    extras = instance.renderers[int(req.groups[0])].extras
    return issue_page(instance, req, "comments", instance.comments, extras.comment, COMMENT_PAGE_CAP)
