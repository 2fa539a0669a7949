"""The Redis token bucket: shared rate across threads and processes, slow-down, fallback."""

import logging
import threading
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from jirasync_dagster.jira.rate_limit import TokenBucket
from jirasync_dagster.jira.shared_limiter import SharedTokenBucket, rate_limiter


def _take(redis_url: str, rate: float, count: int) -> list[float]:
    bucket = SharedTokenBucket(redis_url, "proc-test", rate, burst=1)
    stamps = []
    for _ in range(count):
        bucket.acquire()
        stamps.append(time.time())
    return stamps


def test_two_processes_share_one_rate(redis_url):
    rate = 40.0
    with ProcessPoolExecutor(2) as pool:
        runs = [pool.submit(_take, redis_url, rate, 20) for _ in range(2)]
        stamps = sorted(s for run in runs for s in run.result())
    elapsed = stamps[-1] - stamps[0]
    # 40 requests at 40/s with a burst of 1 need at least 39 intervals: 0.975 s (5% for timers).
    assert elapsed >= 39 / rate * 0.95


def test_slow_down_is_shared_and_recovers(redis_url):
    first = SharedTokenBucket(redis_url, "slow-test", 100.0)
    second = SharedTokenBucket(redis_url, "slow-test", 100.0)
    first.slow_down()
    first.acquire()
    second.acquire()
    assert second.rate == pytest.approx(50.0)
    second.recover()
    second.acquire()
    assert second.rate == pytest.approx(52.5)


def test_without_redis_url_the_bucket_is_in_process():
    assert isinstance(rate_limiter("x", 5.0, None), TokenBucket)


def test_dead_redis_falls_back_and_says_so_once(dead_redis_url, caplog):
    caplog.set_level(logging.WARNING, "jirasync.jira")
    buckets = [SharedTokenBucket(dead_redis_url, "down", 1000.0) for _ in range(3)]
    threads = [threading.Thread(target=b.acquire) for b in buckets for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    warnings = [r for r in caplog.records if "Redis" in r.getMessage()]
    assert len(warnings) == 1
    assert "fall back to this process" in warnings[0].getMessage()
