"""Backoff and server hints, as pure functions."""

import random
from datetime import datetime, timedelta, timezone

from jirasync_dagster.jira.retry import RetryPolicy, server_hint


def test_retry_after_seconds_wins_over_backoff():
    policy = RetryPolicy(base_delay=0.5)
    delay = policy.delay(5, {"Retry-After": "7"}, random.Random(1))
    assert 7 <= delay <= 7.5


def test_rate_limit_reset_is_read_as_a_moment():
    reset = (datetime.now(timezone.utc) + timedelta(seconds=30)).isoformat()
    assert 25 < server_hint({"X-RateLimit-Reset": reset}) <= 30


def test_backoff_grows_and_is_capped():
    policy = RetryPolicy(base_delay=1, max_delay=10)
    rng = random.Random(3)
    assert all(policy.backoff(1, rng) <= 1 for _ in range(50))
    assert all(policy.backoff(30, rng) <= 10 for _ in range(50))
    assert max(policy.backoff(4, rng) for _ in range(200)) > 4
