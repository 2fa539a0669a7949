"""Decides, request by request, which configured fault (if any) to inject."""

import random
import threading

import orjson

from .config import FaultConfig
from .routing import Response

PROXY_ANSWERS = ("login_page", "truncated_json")
# What a single sign-on proxy in front of JIRA serves to a client without its session cookie.
LOGIN_PAGE = (b"<!DOCTYPE html><html><head><title>Sign in - Example SSO</title></head><body>"
              b"<form method=\"post\" action=\"/sso/login\"><input name=\"username\"><input name=\"password\" "
              b"type=\"password\"><button>Sign in</button></form></body></html>")


class FaultInjector:
    """A seeded draw over the fault rates of a FaultConfig, safe across handler threads."""

    def __init__(self, config: FaultConfig):
        if config.proxy_answer not in (None, *PROXY_ANSWERS):
            raise ValueError(f"proxy_answer must be one of {', '.join(PROXY_ANSWERS)}, not {config.proxy_answer!r}")
        self.config = config
        self._rng = random.Random(config.seed)
        self._lock = threading.Lock()

    def draw(self) -> str | None:
        """One of '429', '5xx', 'reset', 'truncated', 'slow', or None for a normal response."""
        c = self.config
        with self._lock:
            roll = self._rng.random()
        for name, rate in (("429", c.rate_429), ("5xx", c.rate_5xx), ("reset", c.rate_reset),
                           ("truncated", c.rate_truncated), ("slow", c.rate_slow)):
            if roll < rate:
                return name
            roll -= rate
        return None

    def server_error(self) -> int:
        """Which 5xx to send: mostly 503, as JIRA Cloud under load, some 500 and 502."""
        with self._lock:
            return self._rng.choice((500, 502, 503, 503))

    def proxy(self, response: Response) -> Response:
        """`response` as a proxy in front of JIRA passes it on: unchanged, or FaultConfig.proxy_answer's 200."""
        if self.config.proxy_answer == "login_page":
            return Response(200, LOGIN_PAGE, content_type="text/html;charset=UTF-8")
        if self.config.proxy_answer == "truncated_json":
            body = response.body if isinstance(response.body, bytes) else orjson.dumps(response.body)
            # Cut short but framed as complete, as by a proxy with a body-size limit: the client
            # receives every byte it was told of, and only the JSON is broken.
            return Response(200, body[: len(body) // 2], response.headers, response.content_type)
        return response
