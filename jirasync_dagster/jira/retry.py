"""When and how long to wait before trying a failed JIRA request again."""

import email.utils
import random
import time
from dataclasses import dataclass
from datetime import datetime

# 500 too: JIRA Cloud answers transient 500s under load, and every request this client sends is a
# read, so a retry is safe; a 500 that persists still ends as JiraUnavailableError.
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


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
            # Honoured in full (coming back early only earns another 429); the run's wait budget
            # bounds it. A little jitter stops runs throttled together from returning in lock-step.
            return hinted + rng.uniform(0, self.base_delay)
        return self.backoff(attempt, rng)


def server_hint(headers) -> float | None:
    """The wait JIRA asked for, from Retry-After (seconds or date) or X-RateLimit-Reset."""
    if headers is None:
        return None
    for name in ("Retry-After", "X-RateLimit-Reset"):
        if headers.get(name):
            seconds = _seconds_until(headers[name].strip())
            if seconds is not None:
                return seconds
    return None


def _seconds_until(value: str) -> float | None:
    """Seconds from now until `value`: a delay, epoch seconds, an HTTP date or an ISO moment."""
    try:
        number = float(value)
        # Large numbers are epoch seconds (some proxies), small ones a delay.
        return max(0.0, number - time.time() if number > 1e9 else number)
    except ValueError:
        pass
    for parse in (email.utils.parsedate_to_datetime, lambda v: datetime.fromisoformat(v.replace("Z", "+00:00"))):
        try:
            return max(0.0, parse(value).timestamp() - time.time())
        except (TypeError, ValueError):
            continue
    return None
