"""When and how long to wait before trying a failed JIRA request again."""

import email.utils
import random
import time
from dataclasses import dataclass

RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, bounded per request and per run."""

    max_attempts: int = 8
    base_delay: float = 0.5
    max_delay: float = 60.0
    run_wait_budget: float = 900.0

    def backoff(self, attempt: int, rng: random.Random = random) -> float:
        """Seconds to wait before attempt `attempt + 1` when JIRA gave no hint."""
        return rng.uniform(0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))

    def delay(self, attempt: int, headers, rng: random.Random = random) -> float:
        """Seconds to wait: JIRA's Retry-After or X-RateLimit-Reset when given, else backoff."""
        hinted = server_hint(headers)
        if hinted is not None:
            # A little jitter stops parallel runs that were throttled together from
            # coming back in lock-step.
            return min(self.max_delay, hinted + rng.uniform(0, self.base_delay))
        return self.backoff(attempt, rng)


def server_hint(headers) -> float | None:
    """The wait JIRA asked for, from Retry-After (seconds or date) or X-RateLimit-Reset."""
    if headers is None:
        return None
    retry_after = headers.get("Retry-After")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            parsed = email.utils.parsedate_to_datetime(retry_after) if retry_after else None
            if parsed is not None:
                return max(0.0, parsed.timestamp() - time.time())
    reset = headers.get("X-RateLimit-Reset")
    if reset:
        try:
            from datetime import datetime

            return max(0.0, datetime.fromisoformat(reset.replace("Z", "+00:00")).timestamp() - time.time())
        except ValueError:
            return None
    return None
