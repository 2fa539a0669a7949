"""A real redis-server for the session, and quick retry settings for tests on the sandbox."""

import pytest
import redis

from jirasync_dagster.jira import RetryPolicy
from jirasync_dagster_tests.deploy.processes import free_port
from jirasync_dagster_tests.dependencies import require_binary
from jirasync_dagster_tests.outages.servers import RestartableRedis

# Small delays so fault tests stay fast; the policy's logic is what they exercise.
FAST_RETRY = RetryPolicy(max_attempts=8, base_delay=0.02, max_delay=0.2, run_wait_budget=30)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """The URL of a redis-server started for this session in a temporary directory."""
    server = RestartableRedis(require_binary("redis-server", "apt-get install redis-server"), free_port(),
                              tmp_path_factory.mktemp("redis"))
    server.start()
    yield server.url
    server.kill()


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
