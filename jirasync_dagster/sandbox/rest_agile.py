"""The Agile REST API: boards of a project, sprints of a board, one sprint (Cloud and Data Center alike)."""

from datetime import timezone

from .routing import REST, Request, Response, error, int_param
from .timefmt import format_datetime

AGILE = r"/rest/agile/1.0"
PAGE_CAP = 50
STATES = ("future", "active", "closed")


def _page(req: Request, values: list, render, total: bool) -> Response:
    """A startAt/maxResults page with `isLast` (board lists also carry `total`, sprint lists do not)."""
    start = int_param(req.params, "startAt", 0)
    size = int_param(req.params, "maxResults", PAGE_CAP, cap=PAGE_CAP)
    body = {"maxResults": size, "startAt": start, "isLast": start + size >= len(values)}
    if total:
        body["total"] = len(values)
    body["values"] = [render(v) for v in values[start:start + size]]
    return Response(200, body)


@REST.route("GET", AGILE + r"/board")
def boards(instance, req: Request) -> Response:
    """Boards, optionally those of one project (`projectKeyOrId`), by id."""
    wanted = req.params.get("projectKeyOrId")
    project = None if wanted is None else instance.project_key(str(wanted))
    if wanted is not None and project is None:
        return error(400, f"No project could be found with key or id '{wanted}'.")
    with instance.lock:
        found = sorted((i, b) for i, b in instance.agile.boards.items() if project in (None, b["project"]))
    return _page(req, found, lambda item: _board(instance, *item), total=True)


@REST.route("GET", AGILE + r"/board/(\d+)/sprint")
def board_sprints(instance, req: Request) -> Response:
    """A scrum board's sprints by id, optionally only some states (`state=active,future`)."""
    board = instance.agile.boards.get(int(req.groups[0]))
    if board is None:
        return error(404, f"Board {req.groups[0]} does not exist or you do not have permission to see it.")
    if board["type"] != "scrum":
        return error(400, "The board does not support sprints")
    states = [s.strip() for s in str(req.params.get("state") or ",".join(STATES)).split(",") if s.strip()]
    if set(states) - set(STATES):
        return error(400, f"The 'state' parameter takes {', '.join(STATES)}.")
    with instance.lock:
        found = sorted((i, dict(s)) for i, s in instance.agile.sprints.items()
                       if s["board"] == int(req.groups[0]) and s["state"] in states)
    return _page(req, found, lambda item: sprint_json(instance, *item), total=False)


@REST.route("GET", AGILE + r"/sprint/(\d+)")
def sprint(instance, req: Request) -> Response:
    """One sprint."""
    with instance.lock:
        found = instance.agile.sprints.get(int(req.groups[0]))
        found = None if found is None else dict(found)
    if found is None:
        return error(404, f"Sprint with id {req.groups[0]} does not exist.")
    return Response(200, sprint_json(instance, int(req.groups[0]), found))


def _board(instance, board_id: int, board: dict) -> dict:
    project = instance.projects[board["project"]]
    return {"id": board_id, "self": f"{instance.base_url}{AGILE}/board/{board_id}", "name": board["name"],
            "type": board["type"], "location": {
                "projectId": project.id, "displayName": f"{project.name} ({project.key})", "projectName": project.name,
                "projectKey": project.key, "projectTypeKey": "software", "name": f"{project.name} ({project.key})",
                "avatarURI": f"{instance.base_url}/project-avatar/{project.id}?size=small"}}


def sprint_json(instance, sprint_id: int, s: dict) -> dict:
    """A sprint as the Agile API shows it: Cloud dates in UTC with `Z`, Data Center's with the site's offset."""
    body = {"id": sprint_id, "self": f"{instance.base_url}{AGILE}/sprint/{sprint_id}", "state": s["state"],
            "name": s["name"]}
    for key, name in (("start", "startDate"), ("end", "endDate"), ("complete", "completeDate"),
                      ("created", "createdDate")):
        if s[key] is not None:
            body[name] = _agile_date(instance, s[key])
    if instance.spec.sprint_origin_board:
        body["originBoardId"] = s["board"]
    body["goal"] = s["goal"]
    return body


def _agile_date(instance, ms: int) -> str:
    if instance.spec.is_cloud:
        return format_datetime(ms, timezone.utc).replace("+0000", "Z")
    text = format_datetime(ms, instance.tz)
    return f"{text[:-2]}:{text[-2:]}"
