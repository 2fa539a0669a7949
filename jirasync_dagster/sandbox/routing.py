"""A tiny regex router and the request/response shapes endpoint functions use."""

import re
from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Request:
    """A parsed request: path groups, query and JSON body merged into params (body wins)."""

    method: str
    path: str
    groups: tuple
    params: dict
    body: object = None
    headers: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)  # every value of each query parameter (JIRA repeats some)


@dataclass
class Response:
    """A JSON response (or raw bytes with a content type)."""

    status: int
    body: object
    headers: dict = field(default_factory=dict)
    content_type: str = "application/json;charset=UTF-8"


def error(status: int, *messages: str, **errors: str) -> Response:
    """JIRA's error body: {"errorMessages": [...], "errors": {...}}."""
    return Response(status, {"errorMessages": list(messages), "errors": errors})


def no_route(path: str) -> Response:
    """JIRA's answer to a resource it does not have."""
    return error(404, "null for uri: " + path)


class Router:
    """Routes (method, path) to a handler; a route may be limited to one flavour."""

    def __init__(self):
        self._routes: list[tuple[str, re.Pattern, Callable, str | None]] = []

    def route(self, methods: str, pattern: str, flavour: str | None = None):
        """Decorator registering a handler for space-separated methods and a path regex."""
        def register(fn):
            for method in methods.split():
                self._routes.append((method, re.compile(pattern + "$"), fn, flavour))
            return fn
        return register

    def find(self, method: str, path: str, flavour: str) -> tuple[Callable, tuple] | None:
        """The handler and path groups for a request, or None."""
        for m, pattern, fn, only in self._routes:
            if m == method and only in (None, flavour):
                match = pattern.match(path)
                if match:
                    return fn, match.groups()
        return None


# Endpoint modules register on these; the HTTP handler imports them all.
REST = Router()
SANDBOX = Router()


def int_param(params: dict, name: str, default: int, cap: int | None = None) -> int:
    """A non-negative integer parameter, capped; ValueError names the bad parameter."""
    raw = params.get(name)
    try:
        value = default if raw in (None, "") else int(raw)
    except (TypeError, ValueError):
        raise ValueError(f"The value '{raw}' is invalid for the '{name}' parameter.") from None
    if value < 0:
        raise ValueError(f"The '{name}' parameter must not be negative.")
    return min(value, cap) if cap is not None else value
