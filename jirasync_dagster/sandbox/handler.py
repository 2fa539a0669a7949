"""The HTTP request handler: routing by instance prefix, auth, faults and JSON responses."""

import socket
import struct
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, parse_qsl, urlsplit

import orjson

from . import (rest_agile, rest_comments, rest_issue, rest_meta, rest_project_parts, rest_search,  # noqa: F401 - routes
               rest_users, rest_worklogs, sandbox_api)
from .auth import UNAUTHORIZED, authorized
from .jql import JqlError
from .routing import REST, SANDBOX, Request, Response, error, no_route

_BAD_GATEWAY = b"<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"


class SandboxHandler(BaseHTTPRequestHandler):
    """Serves every instance of the owning server under /<instance name>/..."""

    protocol_version = "HTTP/1.1"  # keep-alive, so clients reuse connections like with JIRA

    def do_GET(self):
        """GET."""
        self._handle()

    do_POST = do_PUT = do_DELETE = do_GET

    def log_message(self, format, *args):
        """Stay quiet: the request log on each instance records what matters."""

    def _handle(self):
        """Read the request, find the instance and answer it."""
        url = urlsplit(self.path)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        _, name, sub = (url.path.split("/", 2) + ["", ""])[:3]
        instance = self.server.instances.get(name)
        try:
            body = orjson.loads(raw) if raw else None
        except orjson.JSONDecodeError:
            return self._send(error(400, "Unexpected character in the request body: not valid JSON."))
        if instance is None:
            return self._send(error(404, f"No sandbox instance named '{name}'."))
        sub = "/" + sub
        params = dict(parse_qsl(url.query))
        if isinstance(body, dict):
            params.update(body)
        request = Request(self.command, sub, (), params, body, query=parse_qs(url.query))
        if sub.startswith("/_sandbox/"):
            return self._send(self._route(SANDBOX, instance, request))
        # Logged just before the answer goes out, so a client that has its answer always
        # finds its request in the log.
        self._log = lambda status: instance.log_request(self.command, sub, status)
        self._rest(instance, request)

    def _rest(self, instance, request: Request) -> int:
        """A /rest call: auth, then any injected fault, then the endpoint. Returns the status sent."""
        if not authorized(self.headers.get("Authorization"), instance.spec.is_cloud):
            return self._send(Response(401, UNAUTHORIZED, {"WWW-Authenticate": 'Basic realm="protected-area"'}))
        faults = instance.faults
        # Latency is JIRA's time to answer, its own work included: an answer is sent no sooner
        # than latency_ms after its request arrived. Rendering within that time lets concurrent
        # requests overlap as on JIRA's servers, not queue behind this process's one GIL.
        answer_at = time.monotonic() + faults.config.latency_ms / 1000
        fault = faults.draw()
        if fault is not None:
            _sleep_until(answer_at)
        if fault == "reset":
            return self._reset()
        if fault == "slow":
            time.sleep(faults.config.slow_seconds)
        if fault == "429":
            retry = str(faults.config.retry_after)
            return self._send(Response(429, {"errorMessages": ["Rate limit exceeded."], "errors": {}},
                                       {"Retry-After": retry, "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": retry}))
        if fault == "5xx":
            status = faults.server_error()
            if status == 502:  # what a proxy in front of JIRA sends: HTML, not JSON
                return self._send(Response(502, _BAD_GATEWAY, content_type="text/html"))
            return self._send(error(status, "Internal server error" if status == 500 else "Service Unavailable"))
        response = faults.proxy(self._route(REST, instance, request))
        _sleep_until(answer_at)
        if faults.config.near_limit:
            response.headers["X-RateLimit-NearLimit"] = "true"
        return self._send(response, truncate=fault == "truncated")

    def _route(self, router, instance, request: Request) -> Response:
        """Call the endpoint, turning lookup and validation errors into JIRA-style errors."""
        found = router.find(request.method, request.path, instance.spec.flavour)
        if found is None:
            return no_route(request.path)
        fn, request.groups = found
        try:
            return fn(instance, request)
        except KeyError as exc:
            return error(404, str(exc.args[0]) if exc.args else "Not found")
        except (JqlError, ValueError, TypeError) as exc:
            return error(400, str(exc))

    def _send(self, response: Response, truncate: bool = False) -> int:
        """Write a response with Content-Length; `truncate` sends half the body, then hangs up."""
        body = response.body if isinstance(response.body, bytes) else (
            b"" if response.body is None else orjson.dumps(response.body))
        self._log_pending(response.status)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if truncate else body)
        if truncate:
            self.wfile.flush()
            self.close_connection = True
        return response.status

    def _log_pending(self, status: int) -> None:
        """Record the /rest request being answered, once."""
        log, self._log = getattr(self, "_log", None), None
        if log is not None:
            log(status)

    def _reset(self) -> int:
        """Drop the connection with a TCP reset and no response."""
        self._log_pending(0)
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()
        return 0


def _sleep_until(moment: float) -> None:
    """Sleep until time.monotonic() reaches `moment` (at once if it has)."""
    remaining = moment - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)
