"""Redis unreachable (REDIS_URL set): the sync lands on an in-process share of the rate, warns once a run, and uses Redis again when it is back."""

import logging

from jirasync_dagster.cli.runs import run_partition_sync
from jirasync_dagster.jira.redis_support import begin_run
from jirasync_dagster.jira.shared_limiter import SharedTokenBucket
from jirasync_dagster_tests.deploy.processes import wait_for
from jirasync_dagster_tests.outages.evidence import assert_exact, run_log_text, run_warnings
from jirasync_dagster_tests.outages.servers import PASSWORD
from jirasync_dagster_tests.outages.slow_run import SLOW_JIRA, run_output, start_sync_process

LIMITER_KEYS = "jirasync:ratelimit:*"
UNAVAILABLE = "is unavailable (ConnectionError); rate limits and the metadata cache fall back to this process"


def test_the_limiter_falls_back_to_its_share_in_process_and_returns_to_redis(outage_redis, caplog):
    caplog.set_level(logging.WARNING, "jirasync.jira")
    begin_run()
    limiter = SharedTokenBucket(outage_redis.url, "fallback-site", 8.0, fallback_share=0.25)
    limiter.reserve()
    outage_redis.kill()
    limiter.reserve()
    limiter.reserve()
    assert limiter.reservations == {"redis": 1, "process": 2}
    assert limiter.fallback.configured_rate == 2.0
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and f"Redis at {outage_redis.redacted_url} {UNAVAILABLE}" in warnings[0]
    assert PASSWORD not in warnings[0]

    outage_redis.start()
    begin_run()  # what every run does first
    limiter.reserve()
    assert limiter.reservations["redis"] == 2 and outage_redis.keys(LIMITER_KEYS)


def test_a_run_without_redis_lands_warning_once_and_the_next_run_uses_redis(project_on, sandbox, database_url,
                                                                            outage_redis):
    project = project_on(sandbox, database_url, REDIS_URL=outage_redis.url)
    project.discover()
    outage_redis.kill()
    down = run_partition_sync(project.defs, project.instance, "instance_1:ENG")
    assert down.success, down.error
    assert_exact(database_url, sandbox, "instance_1:ENG")
    assert len(run_warnings(project.instance, down.run_id, UNAVAILABLE)) == 1
    assert PASSWORD not in run_log_text(project.instance, down.run_id)

    outage_redis.start()
    back = run_partition_sync(project.defs, project.instance, "instance_1:OPS")
    assert back.success, back.error
    assert_exact(database_url, sandbox, "instance_1:OPS")
    assert run_warnings(project.instance, back.run_id, "Redis") == []
    assert outage_redis.keys(LIMITER_KEYS)


def test_redis_killed_mid_run_the_run_still_lands_and_warns_once(project_on, slow_sandbox, database_url,
                                                                 outage_redis, tmp_path):
    project = project_on(slow_sandbox, database_url, REDIS_URL=outage_redis.url)
    project.discover()
    slow_sandbox.instance("instance_1").set_faults(SLOW_JIRA)
    run = start_sync_process(tmp_path, "instance_1:ENG")
    wait_for(lambda: outage_redis.keys(LIMITER_KEYS) or run.poll() is not None, 300, "the run to use Redis", every=0.05)
    outage_redis.kill()
    run.wait(300)
    output = run_output(tmp_path)
    assert run.returncode == 0, output[-3000:]
    assert output.count(f"Redis at {outage_redis.redacted_url} {UNAVAILABLE}") == 1
    assert PASSWORD not in output
    assert_exact(database_url, slow_sandbox, "instance_1:ENG")
