"""Counters of what the client did, reported in every materialization."""

import threading
from dataclasses import dataclass, field, fields


@dataclass
class RequestStats:
    """API calls, retries, throttling and time spent waiting, safe to share across threads."""

    api_calls: int = 0
    retries: int = 0
    throttled: int = 0
    seconds_waited: float = 0.0
    near_limit_signals: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, **deltas) -> None:
        """Add to the named counters atomically."""
        with self._lock:
            for name, delta in deltas.items():
                setattr(self, name, getattr(self, name) + delta)

    def as_dict(self) -> dict:
        """The counters as plain numbers."""
        values = {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}
        values["seconds_waited"] = round(values["seconds_waited"], 3)
        return values
