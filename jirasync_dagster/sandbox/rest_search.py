"""Search endpoints: Cloud's token-paged /search/jql and Data Center's startAt-paged /search."""

from .render import NAVIGABLE
from .routing import REST, Request, Response, error, int_param

API = r"/rest/api/(2|3)"
CLOUD_CHANGELOG_IN_SEARCH = 20  # Cloud truncates an expanded changelog to the latest entries
DATACENTER_CHANGELOG_IN_SEARCH = 100  # ... and so do Data Center sites that truncate it
REMOVED = ("The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. "
           "A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046")


def expand_param(params: dict) -> set[str]:
    """The expand parameter as a set (comma string or list)."""
    raw = params.get("expand") or ()
    return {e.strip() for e in (raw.split(",") if isinstance(raw, str) else raw)}


def render_issues(instance, req: Request, ids: list[int], default: tuple, changelog_limit: int | None) -> list[dict]:
    """The issues of a page that still exist, with the requested fields and expansions."""
    renderer = instance.renderers[int(req.groups[0])]
    requested = req.params.get("fields")
    selected, expand = renderer.select(requested, default), expand_param(req.params)
    records = [r for r in map(instance.record, ids) if r is not None]
    if not selected and not requested and not expand:
        return [{"id": str(r.id)} for r in records]  # /search/jql without fields returns ids only
    return [renderer.issue(r, selected, expand, changelog_limit) for r in records]


@REST.route("GET POST", API + r"/search/jql", flavour="cloud")
def search_jql(instance, req: Request) -> Response:
    """Cloud search: nextPageToken / isLast, no total."""
    size = int_param(req.params, "maxResults", 50, cap=instance.page_cap)
    ids, token = instance.search.page_by_token(req.params.get("jql") or "", req.params.get("nextPageToken"), size)
    body = {"issues": render_issues(instance, req, ids, (), CLOUD_CHANGELOG_IN_SEARCH), "isLast": token is None}
    if token:
        body["nextPageToken"] = token
    return Response(200, body)


@REST.route("POST", API + r"/search/approximate-count", flavour="cloud")
def approximate_count(instance, req: Request) -> Response:
    """Cloud's count of matching issues."""
    return Response(200, {"count": len(instance.search.ids(req.params.get("jql") or ""))})


@REST.route("GET POST", API + r"/search", flavour="cloud")
def search_removed(instance, req: Request) -> Response:
    """Cloud removed the old search: 410 Gone."""
    return error(410, REMOVED)


@REST.route("GET POST", API + r"/search", flavour="datacenter")
def search(instance, req: Request) -> Response:
    """Data Center search: startAt / maxResults / total."""
    start = int_param(req.params, "startAt", 0)
    size = int_param(req.params, "maxResults", 50, cap=instance.page_cap)
    ids = instance.search.ids(req.params.get("jql") or "")
    limit = DATACENTER_CHANGELOG_IN_SEARCH if instance.spec.truncated_changelogs else None
    issues = render_issues(instance, req, ids[start:start + size], NAVIGABLE, limit)
    return Response(200, {"expand": "schema,names", "startAt": start, "maxResults": size, "total": len(ids),
                          "issues": issues})
