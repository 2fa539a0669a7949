"""A real redis-server for the session, and quick retry settings for tests on the sandbox."""

import subprocess
import time

import pytest
import redis

from jirasync_dagster.jira import RetryPolicy
from jirasync_dagster_tests.deploy.processes import free_port
from jirasync_dagster_tests.dependencies import require_binary

# Small delays so fault tests stay fast; the policy's logic is what they exercise.
FAST_RETRY = RetryPolicy(max_attempts=8, base_delay=0.02, max_delay=0.2, run_wait_budget=30)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """The URL of a redis-server started for this session in a temporary directory."""
    binary = require_binary("redis-server", "apt-get install redis-server")
    port = free_port()
    directory = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"redis-server did not start on port {port}")
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture
def redis_url(redis_server, monkeypatch):
    """REDIS_URL set to the session's (emptied) Redis for this test."""
    redis.Redis.from_url(redis_server).flushdb()
    monkeypatch.setenv("REDIS_URL", redis_server)
    return redis_server


@pytest.fixture
def dead_redis_url(monkeypatch):
    """REDIS_URL pointing at a port nobody listens on."""
    from jirasync_dagster.jira import redis_support

    url = f"redis://127.0.0.1:{free_port()}/0"
    monkeypatch.setenv("REDIS_URL", url)
    yield url
    redis_support._down_until.pop(url, None)
