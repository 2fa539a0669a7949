"""The /_sandbox control endpoints: the same mutations as SandboxInstance, for other processes."""

from collections import Counter

from .config import FaultConfig
from .routing import SANDBOX, Request, Response


def _fields(req: Request) -> dict:
    """The `fields` object of a mutation body."""
    return dict((req.body or {}).get("fields") or {})


@SANDBOX.route("POST", r"/_sandbox/issues")
def create_issue(instance, req: Request) -> Response:
    """Create an issue: {project, fields} -> {id, key}."""
    return Response(201, instance.create_issue(req.body["project"], **_fields(req)))


@SANDBOX.route("PUT", r"/_sandbox/issues/([^/]+)")
def update_issue(instance, req: Request) -> Response:
    """Update fields (default: the summary) and bump `updated`."""
    instance.update_issue(req.groups[0], **_fields(req))
    return Response(204, None)


@SANDBOX.route("DELETE", r"/_sandbox/issues/([^/]+)")
def delete_issue(instance, req: Request) -> Response:
    """Delete an issue."""
    instance.delete_issue(req.groups[0])
    return Response(204, None)


@SANDBOX.route("POST", r"/_sandbox/issues/([^/]+)/move")
def move_issue(instance, req: Request) -> Response:
    """Move an issue to {project}; returns its new key."""
    return Response(200, {"key": instance.move_issue(req.groups[0], req.body["project"])})


@SANDBOX.route("POST", r"/_sandbox/projects")
def create_project(instance, req: Request) -> Response:
    """Create a project {key, name}."""
    instance.create_project(req.body["key"], req.body.get("name") or req.body["key"])
    return Response(201, {"key": req.body["key"]})


@SANDBOX.route("DELETE", r"/_sandbox/projects/([^/]+)")
def delete_project(instance, req: Request) -> Response:
    """Delete a project and its issues."""
    instance.delete_project(req.groups[0])
    return Response(204, None)


@SANDBOX.route("PUT", r"/_sandbox/projects/([^/]+)/visible")
def set_project_visible(instance, req: Request) -> Response:
    """Show or hide a project: {visible: bool}."""
    instance.set_project_visible(req.groups[0], bool(req.body["visible"]))
    return Response(204, None)


@SANDBOX.route("PUT", r"/_sandbox/faults")
def set_faults(instance, req: Request) -> Response:
    """Replace the fault configuration (FaultConfig fields; omitted ones reset to defaults)."""
    instance.set_faults(FaultConfig.from_dict(req.body or {}))
    return Response(204, None)


@SANDBOX.route("GET", r"/_sandbox/snapshot")
def snapshot(instance, req: Request) -> Response:
    """Every live issue {id, key, project_key, updated}, optionally ?project=KEY."""
    rows = instance.snapshot(req.params.get("project"))
    return Response(200, [{**row, "updated": row["updated"].isoformat(timespec="milliseconds")} for row in rows])


@SANDBOX.route("GET", r"/_sandbox/stats")
def stats(instance, req: Request) -> Response:
    """Counts of logged /rest requests: total, by status and by method + path."""
    log = list(instance.request_log)
    return Response(200, {
        "requests": len(log),
        "by_status": {str(k): v for k, v in Counter(status for _, _, _, status in log).items()},
        "by_path": dict(Counter(f"{method} {path}" for _, method, path, _ in log)),
    })


@SANDBOX.route("DELETE", r"/_sandbox/stats")
def clear_stats(instance, req: Request) -> Response:
    """Forget the request log."""
    instance.clear_request_log()
    return Response(204, None)


@SANDBOX.route("POST", r"/_sandbox/issues/([^/]+)/comments")
def add_comment(instance, req: Request) -> Response:
    """Add a comment {body} (text, or a document stored as given); returns {id}."""
    return Response(201, instance.add_comment(req.groups[0], req.body["body"]))


@SANDBOX.route("PUT", r"/_sandbox/issues/([^/]+)/comments/(\d+)")
def edit_comment(instance, req: Request) -> Response:
    """Replace a comment's body."""
    instance.edit_comment(req.groups[0], req.groups[1], req.body["body"])
    return Response(204, None)


@SANDBOX.route("DELETE", r"/_sandbox/issues/([^/]+)/comments/(\d+)")
def delete_comment(instance, req: Request) -> Response:
    """Delete a comment."""
    instance.delete_comment(req.groups[0], req.groups[1])
    return Response(204, None)


@SANDBOX.route("POST", r"/_sandbox/links")
def add_link(instance, req: Request) -> Response:
    """Link {source, target, type} (type name, default Blocks); returns {id}."""
    body = req.body
    return Response(201, instance.add_link(body["source"], body["target"], body.get("type") or "Blocks"))


@SANDBOX.route("DELETE", r"/_sandbox/links/(\d+)")
def remove_link(instance, req: Request) -> Response:
    """Remove a link."""
    instance.remove_link(req.groups[0])
    return Response(204, None)
