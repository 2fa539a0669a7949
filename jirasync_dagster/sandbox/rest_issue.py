"""Single issues and changelogs: GET issue, paginated changelog, Cloud's bulk changelog fetch."""

import base64

from .render import ALL
from .routing import REST, Request, Response, error, int_param, no_route
from .rest_search import expand_param

API = r"/rest/api/(2|3)"
NOT_FOUND = "Issue does not exist or you do not have permission to see it."
CLOUD_CHANGELOG_IN_ISSUE = 100


@REST.route("GET", API + r"/issue/([^/]+)")
def get_issue(instance, req: Request) -> Response:
    """One issue by id or key (all fields unless `fields` says otherwise)."""
    r = instance.resolve(req.groups[1])
    if r is None or not instance.projects[r.project].visible:
        return error(404, NOT_FOUND)
    renderer = instance.renderers[int(req.groups[0])]
    limit = CLOUD_CHANGELOG_IN_ISSUE if instance.spec.is_cloud else None
    return Response(200, renderer.issue(r, renderer.select(req.params.get("fields"), ALL), expand_param(req.params), limit))


@REST.route("GET", API + r"/issue/([^/]+)/changelog", flavour="cloud")
def changelog(instance, req: Request) -> Response:
    """One issue's changelog, paginated with startAt / maxResults (at most 100)."""
    r = instance.resolve(req.groups[1])
    if r is None:
        return error(404, NOT_FOUND)
    start = int_param(req.params, "startAt", 0)
    size = int_param(req.params, "maxResults", 100, cap=100)
    entries = instance.histories(r)
    renderer = instance.renderers[int(req.groups[0])]
    return Response(200, {
        "self": f"{instance.base_url}{req.path}?startAt={start}&maxResults={size}", "maxResults": size,
        "startAt": start, "total": len(entries), "isLast": start + size >= len(entries),
        "values": [renderer.history(h) for h in entries[start:start + size]],
    })


@REST.route("POST", API + r"/changelog/bulkfetch", flavour="cloud")
def bulkfetch(instance, req: Request) -> Response:
    """Changelogs of up to 1000 issues, at most maxResults (≤ 10000) entries per page."""
    if not instance.spec.bulkfetch:
        return no_route(req.path)
    wanted = req.params.get("issueIdsOrKeys") or []
    if not isinstance(wanted, list) or not wanted or len(wanted) > 1000:
        return error(400, "issueIdsOrKeys must list between 1 and 1000 issue ids or keys.")
    resolved = [instance.resolve(w) for w in wanted]
    if None in resolved and instance.spec.rejects_vanished_ids:
        return error(400, f"{NOT_FOUND} ({wanted[resolved.index(None)]})")
    size = max(int_param(req.params, "maxResults", 1000, cap=10000), 1)
    field_ids = set(req.params.get("fieldIds") or ())
    position, offset = _decode(req.params.get("nextPageToken"))
    records = [r for r in resolved if r is not None]
    renderer = instance.renderers[int(req.groups[0])]
    logs = []
    while position < len(records) and size > 0:
        entries = instance.histories(records[position])
        if field_ids:
            entries = [h for h in entries if any(i["fieldId"] in field_ids for i in h[3])]
        chunk = entries[offset:offset + size]
        if chunk:
            logs.append({"issueId": str(records[position].id), "changeHistories": [renderer.history(h) for h in chunk]})
        size, offset = size - len(chunk), offset + len(chunk)
        if offset >= len(entries):
            position, offset = position + 1, 0
    body = {"issueChangeLogs": logs}
    if position < len(records):
        body["nextPageToken"] = base64.urlsafe_b64encode(f"{position}:{offset}".encode()).decode()
    return Response(200, body)


def _decode(token: str | None) -> tuple[int, int]:
    """(issue position, entry offset) from a bulkfetch token; the token is stateless."""
    if not token:
        return 0, 0
    try:
        position, offset = map(int, base64.urlsafe_b64decode(token.encode()).decode().split(":"))
    except ValueError:
        raise ValueError("The provided next page token is invalid.") from None
    return position, offset
