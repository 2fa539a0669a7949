"""A project's versions and components: the REST lists and the /_sandbox mutations of them and of sprints."""

from .routing import REST, SANDBOX, Request, Response

API = r"/rest/api/(2|3)"
PARTS = r"(versions|components)"


@REST.route("GET", API + r"/project/([^/]+)/" + PARTS)
def project_parts(instance, req: Request) -> Response:
    """Every version or component of a project (unpaged, as JIRA lists them), by id."""
    api, project, kind = req.groups
    key = instance.project_key(project)
    if key is None:
        return Response(404, {"errorMessages": [f"No project could be found with key '{project}'."], "errors": {}})
    return Response(200, instance.parts.of_project(kind, key, int(api)))


@SANDBOX.route("POST", r"/_sandbox/projects/([^/]+)/" + PARTS)
def add_part(instance, req: Request) -> Response:
    """Add a version or component {name}; returns {id}."""
    return Response(201, {"id": str(instance.parts.add(req.groups[1], req.groups[0], req.body["name"]))})


@SANDBOX.route("PUT", r"/_sandbox/" + PARTS + r"/(\d+)")
def change_part(instance, req: Request) -> Response:
    """Rename, archive or release a version or component: {name?, description?, archived?, released?}."""
    instance.parts.change(req.groups[0], int(req.groups[1]), **(req.body or {}))
    return Response(204, None)


@SANDBOX.route("DELETE", r"/_sandbox/" + PARTS + r"/(\d+)")
def delete_part(instance, req: Request) -> Response:
    """Delete a version or component."""
    instance.parts.delete(req.groups[0], int(req.groups[1]))
    return Response(204, None)


@SANDBOX.route("POST", r"/_sandbox/sprints/(\d+)/(start|close)")
def sprint_state(instance, req: Request) -> Response:
    """Start a future sprint or close the active one."""
    instance.agile.set_state(int(req.groups[0]), "active" if req.groups[1] == "start" else "closed")
    return Response(204, None)


@SANDBOX.route("POST", r"/_sandbox/issues/([^/]+)/sprints/(\d+)")
def into_sprint(instance, req: Request) -> Response:
    """Move an issue into a sprint (its `updated` moves)."""
    instance.agile.move_issue(req.groups[0], int(req.groups[1]), into=True)
    return Response(204, None)


@SANDBOX.route("DELETE", r"/_sandbox/issues/([^/]+)/sprints/(\d+)")
def out_of_sprint(instance, req: Request) -> Response:
    """Take an issue out of a sprint (its `updated` moves)."""
    instance.agile.move_issue(req.groups[0], int(req.groups[1]), into=False)
    return Response(204, None)
