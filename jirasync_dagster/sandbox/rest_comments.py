"""An issue's comments, paged: GET /rest/api/3 (Cloud) or /2 (Data Center) /issue/{idOrKey}/comment."""

from .rest_issue import NOT_FOUND
from .routing import REST, Request, Response, error, int_param

API = r"/rest/api/(2|3)"
COMMENT_PAGE_CAP = 100  # the sandbox's largest page, so issues with many comments take several requests


@REST.route("GET", API + r"/issue/([^/]+)/comment")
def comments(instance, req: Request) -> Response:
    """One page of an issue's comments, oldest first: {startAt, maxResults, total, comments}."""
    r = instance.resolve(req.groups[1])
    if r is None or not instance.projects[r.project].visible:
        return error(404, NOT_FOUND)
    start = int_param(req.params, "startAt", 0)
    size = int_param(req.params, "maxResults", COMMENT_PAGE_CAP, cap=COMMENT_PAGE_CAP)
    every = instance.comments(r)
    extras = instance.renderers[int(req.groups[0])].extras
    return Response(200, {"startAt": start, "maxResults": size, "total": len(every),
                          "comments": [extras.comment(r, c) for c in every[start:start + size]]})
