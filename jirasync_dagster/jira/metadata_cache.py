"""Per-instance metadata (/field, /myself, serverInfo) cached with a TTL, in Redis when available."""

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import orjson

from jirasync_dagster.jira.connection import JiraConnection
from jirasync_dagster.jira.redis_support import redis_errors, report_down, shared_redis

logger = logging.getLogger("jirasync.jira")
DEFAULT_TTL_SECONDS = 600.0

# Shared by every client of the process: a run syncing many projects (or the sync and its checks)
# would otherwise ask serverInfo and /myself again for each client it opens.
_process_values: dict[tuple[str, str], tuple[float, Any]] = {}
_process_lock = threading.Lock()


def cache_namespace(connection: JiraConnection) -> str:
    """A key prefix per instance and credentials: /myself differs per account, and new credentials
    must not be answered from the old ones' cache. Only a one-way digest of the secret is used."""
    identity = "\0".join((connection.url, connection.username or "", connection.password or "", connection.token or ""))
    return f"jirasync:meta:{connection.name}:{hashlib.sha256(identity.encode()).hexdigest()[:16]}"


def forget_process_cache() -> None:
    """Drop every value this process cached (e.g. when another JIRA now answers at a cached URL)."""
    with _process_lock:
        _process_values.clear()


class MetadataCache:
    """Values that rarely change, kept `ttl` seconds by the whole process, and through Redis when `redis_url` works."""

    def __init__(self, namespace: str, redis_url: str | None = None, ttl: float = DEFAULT_TTL_SECONDS, log=logger):
        self.namespace = namespace
        self.redis_url = redis_url
        self.ttl = ttl
        self.log = log

    def get(self, name: str, load: Callable[[], Any]) -> Any:
        """The cached value of `name`, or `load()`'s result, stored for next time."""
        key = (self.namespace, name)
        with _process_lock:
            expires, value = _process_values.get(key, (0.0, None))
        if time.monotonic() < expires:
            return value
        value = self._shared_get(name)
        if value is None:
            value = load()
            self._shared_set(name, value)
        with _process_lock:
            _process_values[key] = (time.monotonic() + self.ttl, value)
        return value

    def forget(self, name: str) -> None:
        """Drop `name` here and in Redis, so the next `get` loads it afresh."""
        with _process_lock:
            _process_values.pop((self.namespace, name), None)
        client = shared_redis(self.redis_url)
        if client is not None:
            try:
                client.delete(f"{self.namespace}:{name}")
            except redis_errors() as exc:
                report_down(self.redis_url, exc, self.log)

    def _shared_get(self, name: str) -> Any:
        client = shared_redis(self.redis_url)
        if client is None:
            return None
        try:
            raw = client.get(f"{self.namespace}:{name}")
        except redis_errors() as exc:
            report_down(self.redis_url, exc, self.log)
            return None
        return orjson.loads(raw) if raw is not None else None

    def _shared_set(self, name: str, value: Any) -> None:
        client = shared_redis(self.redis_url)
        if client is None:
            return
        try:
            client.set(f"{self.namespace}:{name}", orjson.dumps(value), px=int(self.ttl * 1000))
        except redis_errors() as exc:
            report_down(self.redis_url, exc, self.log)
