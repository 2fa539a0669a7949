"""A JIRA behind a proxy that answers 200 with a login page or cut JSON: a clear error naming the instance, nothing written."""

import pytest
import sqlalchemy as sa

from jirasync_dagster.cli.runs import run_partition_sync
from jirasync_dagster.sandbox.config import SANDBOX_CREDENTIALS, FaultConfig
from jirasync_dagster_tests.cli.commands import command_env, jirasync
from jirasync_dagster_tests.outages.evidence import assert_exact, run_log_text

PARTITION = "instance_1:ENG"


@pytest.mark.parametrize("answer, explained", [
    ("login_page", ["with an HTML page (titled 'Sign in - Example SSO'), not JIRA's JSON: most likely the sign-in "
                    "page of a single sign-on proxy in front of JIRA",
                    "Check that JIRA_URL_1 is JIRA's own address, reachable without a browser login, and that "
                    "JIRA_USERNAME_1 and JIRA_PASSWORD_1 are accepted for API calls"]),
    ("truncated_json", ["with a body that is not the JSON expected",
                        "A proxy or load balancer between here and JIRA may cut responses: check its body size "
                        "and timeout limits, then run again"]),
])
def test_a_proxy_answer_fails_the_run_naming_the_instance_and_writes_nothing(project, sandbox, database_url, answer,
                                                                            explained):
    project.instance.add_dynamic_partitions("jira_projects", [PARTITION])
    sandbox.instance("instance_1").set_faults(FaultConfig(proxy_answer=answer))
    failed = run_partition_sync(project.defs, project.instance, PARTITION)

    assert not failed.success
    assert failed.error.startswith(f"instance_1: GET {sandbox.instance_url('instance_1')}/rest/api/")
    assert f"answered HTTP 200 {explained[0]}" in failed.error and explained[1] in failed.error
    assert SANDBOX_CREDENTIALS["api_token"] not in run_log_text(project.instance, failed.run_id)
    with project.engine.connect() as conn:
        written = [conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                   for table in ("jira_issues_v2", "jira_sync_state", "jira_issue_changelog")]
    assert written == [0, 0, 0]

    sandbox.instance("instance_1").set_faults(FaultConfig())
    project.sync(PARTITION)
    assert_exact(database_url, sandbox, PARTITION)


def test_jirasync_sync_behind_a_login_page_prints_the_cause(sandbox, database_url, tmp_path):
    env = command_env(database_url, tmp_path / "home", **sandbox.env())
    sandbox.instance("instance_1").set_faults(FaultConfig(proxy_answer="login_page"))
    failed = jirasync(env, "sync")
    assert failed.returncode == 1
    # Discovery meets the login page first: the closing line says JIRA's problem, not Dagster's wrappers.
    last = failed.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: discovery failed: instance_1: GET ")
    assert "HTML page (titled 'Sign in - Example SSO')" in last and "Dagster" not in last


def test_an_unknown_proxy_answer_is_refused_naming_the_choices(sandbox):
    with pytest.raises(ValueError, match="proxy_answer must be one of login_page, truncated_json, not 'sso'"):
        sandbox.instance("instance_1").set_faults(FaultConfig(proxy_answer="sso"))
