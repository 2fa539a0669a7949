"""`jirasync doctor` on the sandbox and a real Postgres, and on a real Redis where Redis is checked."""

import re

import pytest
from click.testing import CliRunner

from jirasync_dagster.cli import main
from jirasync_dagster.sandbox import FaultConfig


@pytest.fixture
def run_doctor(sandbox, database_url, monkeypatch):
    """Run `jirasync doctor` with the sandbox's JIRA_* variables; returns (exit code, flattened output)."""
    monkeypatch.delenv("REDIS_URL", raising=False)  # only the Redis tests set it

    def run(**overrides):
        env = {**sandbox.env(), "JIRASYNC_DATABASE_URL": database_url, **overrides}
        result = CliRunner().invoke(main, ["doctor", "--timeout", "3"], env=env)
        return result.exit_code, " ".join(result.output.split())
    return run


def test_healthy_setup_passes_and_shows_what_it_found(run_doctor):
    code, output = run_doctor()
    assert code == 0, output
    for expected in ("instance_1", "instance_2", "cloud", "datacenter", "sandbox@example.com",
                     "America/Los_Angeles", "PostgreSQL", "all checks passed"):
        assert expected in output
    assert "redis" not in output.lower()  # not configured, so not checked


def test_failing_instance_is_named_and_exits_non_zero(sandbox, run_doctor):
    sandbox.instance("instance_2").set_faults(FaultConfig(rate_5xx=1.0))
    code, output = run_doctor()
    assert code == 1
    assert "instance_2 failed" in output and "instance_1 failed" not in output


def test_wrong_credentials_say_authentication_failed_without_the_secret(run_doctor):
    secret = "not-the-token-93b1"
    code, output = run_doctor(JIRA_PASSWORD_1=secret)
    assert code == 1
    assert "instance_1 failed" in output and "authentication failed for instance_1" in output
    assert "JIRA_PASSWORD_1" in output and secret not in output


def test_configured_redis_is_checked_and_its_version_shown(run_doctor, redis_url):
    code, output = run_doctor(REDIS_URL=redis_url)
    assert code == 0, output
    assert re.search(r"Redis \d+\.\d+", output) and "all checks passed" in output


def test_unreachable_redis_is_reported(run_doctor):
    code, output = run_doctor(REDIS_URL="redis://:hunter2@127.0.0.1:1/0")
    assert code == 1 and "redis failed" in output and "hunter2" not in output
