"""The optional shared Redis (REDIS_URL): one client per process, and a single warning when it is down."""

import logging
import os
import threading
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    import redis

logger = logging.getLogger("jirasync.jira")

# Short timeouts: Redis is an optimisation, so a hung Redis must cost a request little before
# the caller falls back in-process.
SOCKET_TIMEOUT = 0.5
# After a failure, processes skip Redis for a while instead of paying a timeout per request.
RETRY_AFTER_SECONDS = 30.0
_clients: dict[str, "redis.Redis"] = {}
_down_until: dict[str, float] = {}
_warned: set[str] = set()
_lock = threading.Lock()


def redis_errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean Redis failed (imports redis, which only a configured REDIS_URL needs)."""
    import redis

    return (redis.RedisError, OSError)


def redis_url_from_env() -> str | None:
    """REDIS_URL when set and not blank."""
    return os.environ.get("REDIS_URL", "").strip() or None


def redacted(url: str) -> str:
    """`url` without its password, fit for logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def shared_redis(url: str | None) -> "redis.Redis | None":
    """This process's client for `url`, or None when no URL is given or Redis failed recently."""
    if not url or time.monotonic() < _down_until.get(url, 0.0):
        return None
    # Imported here: without REDIS_URL a run never pays for the redis package (~0.15 s of CPU).
    import redis

    with _lock:
        if url not in _clients:
            _clients[url] = redis.Redis.from_url(
                url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=SOCKET_TIMEOUT,
            )
        return _clients[url]


def begin_run() -> None:
    """Give Redis a fresh chance at the start of a run: try it again, and warn again if it is down."""
    with _lock:
        _down_until.clear()
        _warned.clear()


def report_down(url: str, exc: BaseException, log=logger) -> None:
    """Mark Redis at `url` as down for a while and say so once per run (see `begin_run`)."""
    _down_until[url] = time.monotonic() + RETRY_AFTER_SECONDS
    with _lock:
        if url in _warned:
            return
        _warned.add(url)
    log.warning(
        f"Redis at {redacted(url)} is unavailable ({type(exc).__name__}); rate limits and the metadata cache "
        "fall back to this process: requests keep to a conservative share of requests_per_second, since other "
        f"runs cannot be seen meanwhile. Redis is tried again in {RETRY_AFTER_SECONDS:.0f} s and at the next run"
    )
