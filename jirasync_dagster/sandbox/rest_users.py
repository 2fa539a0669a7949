"""Users: Cloud's /user/bulk by accountId, a single /user (Cloud accountId, Data Center username or key), and the
/_sandbox rename that shows wherever the user is embedded."""

from .routing import REST, SANDBOX, Request, Response, error, int_param

API = r"/rest/api/(2|3)"
BULK_DEFAULT_PAGE = 10  # /user/bulk's default maxResults, as on Cloud
BULK_PAGE_CAP = 200


def _users(instance, api: int) -> list[dict]:
    """Every user of the instance as API `api` renders them, the sandbox account included."""
    objects = instance.renderers[api].o
    return [*objects.users, objects.me]


def _find(instance, api: int, key: str) -> dict | None:
    return next((u for u in _users(instance, api) if key in (u.get("accountId"), u.get("name"), u.get("key"))), None)


@REST.route("GET", API + r"/user/bulk", flavour="cloud")
def bulk(instance, req: Request) -> Response:
    """A page of the users named by repeated `accountId` parameters (unknown ids are left out)."""
    wanted = req.query.get("accountId") or []
    if not wanted:
        return error(400, "accountId must be specified.")
    start = int_param(req.params, "startAt", 0)
    size = int_param(req.params, "maxResults", BULK_DEFAULT_PAGE, cap=BULK_PAGE_CAP)
    with instance.lock:
        found = [u for key in dict.fromkeys(wanted) if (u := _find(instance, int(req.groups[0]), key))]
    page = found[start:start + size]
    return Response(200, {"self": f"{instance.base_url}{req.path}", "maxResults": size, "startAt": start,
                          "total": len(found), "isLast": start + len(page) >= len(found), "values": page})


@REST.route("GET", API + r"/user")
def user(instance, req: Request) -> Response:
    """One user: by accountId on Cloud, by username or key on Data Center."""
    names = ("accountId",) if instance.spec.is_cloud else ("username", "key")
    key = next((req.params[n] for n in names if req.params.get(n)), None)
    if key is None:
        return error(400, f"The {' or '.join(names)} query parameter needs to be provided")
    with instance.lock:
        found = _find(instance, int(req.groups[0]), key)
    return Response(200, found) if found else error(404, f"The user named '{key}' does not exist")


@SANDBOX.route("PUT", r"/_sandbox/users/([^/]+)")
def rename(instance, req: Request) -> Response:
    """Change a user's {displayName}, in every API version's objects (issues embed them as they are)."""
    with instance.lock:
        found = [u for api in (2, 3) if (u := _find(instance, api, req.groups[0]))]
        if not found:
            raise KeyError(f"The user named '{req.groups[0]}' does not exist")
        for u in found:
            u["displayName"] = str(req.body["displayName"])
        instance.version += 1  # search caches hold rendered issues
    return Response(204, None)
