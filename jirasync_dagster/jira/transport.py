"""One pooled HTTP session per instance: auth, timeouts, retries, limits and clear errors."""

import email.utils
import logging
import random
import re
import threading
import time
from datetime import datetime
from typing import Any, Callable

import orjson
import requests
from requests.adapters import HTTPAdapter

from jirasync_dagster.jira.connection import JiraConnection
from jirasync_dagster.jira.errors import (
    JiraAuthError, JiraBadRequestError, JiraError, JiraGoneError, JiraMalformedResponseError,
    JiraNotFoundError, JiraPermissionError, JiraUnavailableError,
)
from jirasync_dagster.jira.rate_limit import TokenBucket
from jirasync_dagster.jira.retry import RETRYABLE_STATUSES, RetryPolicy
from jirasync_dagster.jira.stats import RequestStats

logger = logging.getLogger("jirasync.jira")
TRANSIENT_ERRORS = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


def transient_reason(exc: Exception) -> str:
    """A short reason for a network failure (the exception text may hold the URL, so not that)."""
    if isinstance(exc, requests.Timeout):
        return f"timed out ({type(exc).__name__})"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "response truncated (connection closed mid-body)"
    return f"connection failed or reset ({type(exc).__name__})"


class JiraTransport:
    """Sends requests to one instance and turns every answer into JSON or a JiraError."""

    def __init__(
        self,
        connection: JiraConnection,
        *,
        timeout: tuple[float, float] = (10.0, 60.0),
        retry: RetryPolicy = RetryPolicy(),
        limiter: TokenBucket | None = None,
        pool_size: int = 16,
        log: Any = logger,
    ):
        self.connection = connection
        self.timeout = timeout
        self.retry = retry
        self.limiter = limiter or TokenBucket(rate=0)
        self.stats = RequestStats()
        self.log = log
        self.rate_limit_headers: dict[str, str] = {}
        self._retry_seconds = 0.0  # retry sleeps only: limiter waits are pacing, not failure
        self.last_round_trip = 0.0  # seconds JIRA took to answer the latest request (sizes id slices)
        self._clock = threading.local()  # per thread: sliced reads page concurrently
        self._rng = random.Random()
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update({"Accept": "application/json", "User-Agent": "jirasync-dagster"})
        if connection.token:
            self.session.headers["Authorization"] = f"Bearer {connection.token}"
        else:
            self.session.auth = (connection.username or "", connection.password or "")

    @property
    def server_date(self) -> datetime | None:
        """JIRA's clock (HTTP Date header) at this thread's latest answer."""
        return getattr(self._clock, "date", None)

    def get(self, path: str, params: dict | None = None) -> Any:
        """GET `path` (relative to the instance URL) and return its JSON."""
        return self.request("GET", path, params=params)

    def post(self, path: str, body: dict, decode: Callable[[bytes], Any] = orjson.loads) -> Any:
        """POST a JSON `body` to `path` and return the answer as `decode` reads it (plain JSON by default)."""
        return self.request("POST", path, body=body, decode=decode)

    def request(self, method: str, path: str, *, params: dict | None = None, body: dict | None = None,
                decode: Callable[[bytes], Any] = orjson.loads) -> Any:
        """Send one logical request, retrying transient failures within the retry policy."""
        url = f"{self.connection.url}{path}"
        data = orjson.dumps(body) if body is not None else None
        headers = {"Content-Type": "application/json"} if data is not None else None
        attempt = 0
        while True:
            attempt += 1
            waited = self.limiter.acquire()
            self.stats.add(api_calls=1, seconds_waited=waited)
            try:
                response = self.session.request(
                    method, url, params=params, data=data, headers=headers, timeout=self.timeout
                )
            except TRANSIENT_ERRORS as exc:
                self._wait_before_retry(method, path, attempt, transient_reason(exc), None)
                continue
            self._observe_limits(response)
            self.last_round_trip = response.elapsed.total_seconds()
            if response.status_code in RETRYABLE_STATUSES:
                if response.status_code == 429:
                    self.stats.add(throttled=1)
                    self.limiter.slow_down()
                self._wait_before_retry(method, path, attempt, f"HTTP {response.status_code}", response)
                continue
            if response.status_code >= 400:
                raise self._error_for(response, method, path, body)
            self.limiter.recover()
            return self._parse(response, method, path, decode)

    def _wait_before_retry(self, method, path, attempt, reason, response) -> None:
        """Sleep before the next attempt, or give up when the per-request or per-run budget is spent."""
        delay = self.retry.delay(attempt, response.headers if response is not None else None, self._rng)
        if attempt >= self.retry.max_attempts or self._retry_seconds + delay > self.retry.run_wait_budget:
            spent = "attempts" if attempt >= self.retry.max_attempts else f"{self.retry.run_wait_budget:.0f} s retry budget"
            raise JiraUnavailableError(
                self.connection.name,
                self._scrub(f"{method} {self.connection.url}{path} still failing after {attempt} attempts "
                            f"(last: {reason}; {spent} spent); JIRA may be down or throttling hard — "
                            "try again later or lower requests_per_second"),
                status=response.status_code if response is not None else None,
            ) from None
        self.log.warning(self._scrub(
            f"{self.connection.name}: {method} {path} failed ({reason}); "
            f"retry {attempt}/{self.retry.max_attempts - 1} in {delay:.2f}s"
        ))
        self._retry_seconds += delay
        self.stats.add(retries=1, seconds_waited=delay)
        time.sleep(delay)

    def _observe_limits(self, response: requests.Response) -> None:
        """Remember JIRA's clock and rate-limit headers; slow down before JIRA starts refusing."""
        if response.headers.get("Date"):
            try:
                self._clock.date = email.utils.parsedate_to_datetime(response.headers["Date"])
            except (TypeError, ValueError):
                pass
        seen = {k: v for k, v in response.headers.items() if k.lower().startswith(("x-ratelimit", "retry-after"))}
        if seen:
            self.rate_limit_headers = seen
        if response.headers.get("X-RateLimit-NearLimit", "").lower() == "true":
            self.stats.add(near_limit_signals=1)
            self.limiter.slow_down()

    def _parse(self, response: requests.Response, method: str, path: str, decode: Callable[[bytes], Any]) -> Any:
        """Decode the JSON body, naming the instance and what to check when it is not the JSON expected."""
        try:
            return decode(response.content)
        except ValueError as exc:  # orjson's and msgspec's decode errors alike
            where = f"{method} {self.connection.url}{path} answered HTTP {response.status_code}"
            if _is_html(response):
                message = (f"{where} with an HTML page ({_page_title(response)}), not JIRA's JSON: most likely the "
                           f"sign-in page of a single sign-on proxy in front of JIRA. Check that "
                           f"JIRA_URL_{self.connection.number} is JIRA's own address, reachable without a browser "
                           f"login, and that {self.connection.credential_variables} are accepted for API calls")
            else:
                message = (f"{where} with a body that is not the JSON expected ({len(response.content)} bytes: {exc}): "
                           "cut short, or of another shape. A proxy or load balancer between here and JIRA may cut "
                           "responses: check its body size and timeout limits, then run again")
            raise JiraMalformedResponseError(self.connection.name, self._scrub(message),
                                             status=response.status_code) from None

    def _error_for(self, response: requests.Response, method: str, path: str, body: dict | None) -> JiraError:
        """The JiraError that explains this 4xx/5xx answer to a person."""
        name, url, status = self.connection.name, self.connection.url, response.status_code
        detail = jira_error_text(response)
        where = f"{method} {url}{path}"
        if status == 401:
            message = f"authentication failed for {name} ({url}): check {self.connection.credential_variables}"
            return JiraAuthError(name, self._scrub(message), status=status)
        if status == 403:
            message = f"permission denied for {where}: the account lacks access (check its project roles): {detail}"
            return JiraPermissionError(name, self._scrub(message), status=status)
        if status == 404:
            message = f"not found: {where} (an unknown project or issue, or an endpoint this JIRA lacks): {detail}"
            return JiraNotFoundError(name, self._scrub(message), status=status)
        if status == 410:
            return JiraGoneError(name, self._scrub(f"{where} was removed by Atlassian (410): {detail}"), status=status)
        if status == 400:
            jql = (body or {}).get("jql")
            message = f"JIRA refused {where}" + (f" for JQL `{jql}`" if jql else "") + f": {detail}"
            return JiraBadRequestError(name, self._scrub(message), status=status)
        return JiraError(name, self._scrub(f"{where} answered HTTP {status}: {detail}"), status=status)

    def _scrub(self, text: str) -> str:
        """Remove every secret of this connection from `text`."""
        for secret in self.connection.secrets:
            text = text.replace(secret, "***")
        return text

    def close(self) -> None:
        """Release pooled connections."""
        self.session.close()


def _is_html(response: requests.Response) -> bool:
    """True when the body is a web page rather than an API answer."""
    return "html" in response.headers.get("Content-Type", "").lower() or response.content.lstrip()[:1] == b"<"


def _page_title(response: requests.Response) -> str:
    """The page's <title>, for a person to recognise which login page it is."""
    match = re.search(rb"<title[^>]*>(.*?)</title>", response.content[:4096], re.IGNORECASE | re.DOTALL)
    title = match.group(1).decode(errors="replace").strip()[:80] if match else ""
    return f"titled {title!r}" if title else "untitled"


def jira_error_text(response: requests.Response) -> str:
    """JIRA's own error messages from a failed response, or a short excerpt of the body."""
    try:
        payload = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return response.text[:200].strip() or response.reason or "no details"
    if isinstance(payload, dict):
        messages = list(payload.get("errorMessages") or [])
        messages += [f"{k}: {v}" for k, v in (payload.get("errors") or {}).items()]
        if messages:
            return "; ".join(str(m) for m in messages)
        if payload.get("message"):
            return str(payload["message"])
    return str(payload)[:200]
