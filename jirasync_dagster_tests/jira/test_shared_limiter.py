"""The Redis token bucket: shared rate across threads and processes, slow-down, fallback."""

import logging
import threading
import uuid
from concurrent.futures import ProcessPoolExecutor

import pytest

from jirasync_dagster.jira.rate_limit import TokenBucket
from jirasync_dagster.jira.shared_limiter import SharedTokenBucket, rate_limiter


def _reserve(redis_url: str, key: str, rate: float, count: int) -> list[float]:
    bucket = SharedTokenBucket(redis_url, key, rate, burst=1)
    return [bucket.reserve() for _ in range(count)]


def test_two_processes_share_one_rate(redis_url):
    # One slot every 10 s: the reservations take far less than a slot, so each must get its own
    # slot in one shared sequence, however fast or slow this machine is.
    rate, key = 0.1, f"proc-test-{uuid.uuid4()}"
    with ProcessPoolExecutor(2) as pool:
        runs = [pool.submit(_reserve, redis_url, key, rate, 20) for _ in range(2)]
        waits = sorted(w for run in runs for w in run.result())
    assert len(waits) == 40 and waits[0] == 0.0
    assert all(later - earlier > 5 for earlier, later in zip(waits, waits[1:])), waits


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
