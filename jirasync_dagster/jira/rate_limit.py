"""Requests-per-second limits for one JIRA instance, slowed down when JIRA pushes back."""

import threading
import time


class TokenBucket:
    """An in-process token bucket: `rate` requests per second with bursts up to `burst`."""

    def __init__(self, rate: float, burst: float | None = None):
        self.configured_rate = rate
        self.rate = rate
        self.burst = burst if burst is not None else max(1.0, rate)
        self._tokens = self.burst
        self._stamp = time.monotonic()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, sleeping until one is free; returns the seconds slept."""
        return self.pause(self.reserve())

    def reserve(self) -> float:
        """Take one token now and return how many seconds to wait before using it."""
        if self.rate <= 0:
            return 0.0
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            self._tokens -= 1
            return -self._tokens / self.rate if self._tokens < 0 else 0.0

    @staticmethod
    def pause(seconds: float) -> float:
        """Sleep `seconds` (if any) and return them."""
        if seconds > 0:
            time.sleep(seconds)
        return max(0.0, seconds)

    def slow_down(self) -> None:
        """Halve the rate after a 429 or a near-limit signal (never below 1/8 of the setting)."""
        with self._lock:
            self.rate = max(self.configured_rate / 8, self.rate / 2)

    def recover(self) -> None:
        """Creep back towards the configured rate after a good response."""
        if self.rate < self.configured_rate:
            with self._lock:
                self.rate = min(self.configured_rate, self.rate * 1.05)
