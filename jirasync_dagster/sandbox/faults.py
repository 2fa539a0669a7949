"""Decides, request by request, which configured fault (if any) to inject."""

import random
import threading

from .config import FaultConfig


class FaultInjector:
    """A seeded draw over the fault rates of a FaultConfig, safe across handler threads."""

    def __init__(self, config: FaultConfig):
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
