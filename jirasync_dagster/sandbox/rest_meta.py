"""Instance metadata endpoints: serverInfo, myself, field and projects."""

from .routing import REST, Request, Response, int_param
from .timefmt import format_datetime

API = r"/rest/api/(2|3)"


@REST.route("GET", API + r"/serverInfo")
def server_info(instance, req: Request) -> Response:
    """Deployment type, version and server time."""
    cloud = instance.spec.is_cloud
    version = [1001, 0, 0] if cloud else [9, 12, 15]
    return Response(200, {
        "baseUrl": instance.base_url, "version": ".".join(map(str, version)) + ("-SNAPSHOT" if cloud else ""),
        "versionNumbers": version, "deploymentType": "Cloud" if cloud else "Server", "buildNumber": 100204 if cloud else 9120015,
        "buildDate": "2024-08-12T12:59:12.000+0000", "serverTime": format_datetime(instance.now_ms(), instance.tz),
        "scmInfo": "948b370c557f4bbf768b92203f3aca5d86ee9758", "serverTitle": f"Sandbox {instance.spec.name}",
        "defaultLocale": {"locale": "en_US"},
    })


@REST.route("GET", API + r"/myself")
def myself(instance, req: Request) -> Response:
    """The authenticated sandbox account, whose time zone JQL dates are read in."""
    me = dict(instance.renderers[int(req.groups[0])].o.me)
    me.update(locale="en_US", groups={"size": 3, "items": []}, applicationRoles={"size": 1, "items": []},
              expand="groups,applicationRoles")
    if not instance.spec.is_cloud:
        me["deleted"] = False
    return Response(200, me)


@REST.route("GET", API + r"/field")
def fields(instance, req: Request) -> Response:
    """Every system and custom field with its schema."""
    return Response(200, instance.fields)


def _project_json(instance, project, api: str) -> dict:
    """A project as the project listings show it."""
    base = f"{instance.base_url}/rest/api/{api}"
    body = instance.renderers[int(api)].o.project(project.id, project.key, project.name, instance.base_url)
    body.update(self=f"{base}/project/{project.id}", expand="description,lead,issueTypes,url,projectKeys,permissions,insight",
                style="classic", isPrivate=False, properties={})
    return body


def _visible(instance) -> list:
    """Visible projects ordered by key."""
    with instance.lock:
        return sorted((p for p in instance.projects.values() if p.visible), key=lambda p: p.key)


@REST.route("GET", API + r"/project/search", flavour="cloud")
def project_search(instance, req: Request) -> Response:
    """Cloud's paginated project listing."""
    start = int_param(req.params, "startAt", 0)
    size = int_param(req.params, "maxResults", 50, cap=100)
    projects = _visible(instance)
    page = projects[start:start + size]
    return Response(200, {
        "self": f"{instance.base_url}{req.path}", "maxResults": size, "startAt": start, "total": len(projects),
        "isLast": start + size >= len(projects), "values": [_project_json(instance, p, req.groups[0]) for p in page],
    })


@REST.route("GET", API + r"/project")
def project_list(instance, req: Request) -> Response:
    """The plain project list (Data Center's way; deprecated but present on Cloud)."""
    return Response(200, [_project_json(instance, p, req.groups[0]) for p in _visible(instance)])
