"""`jirasync sandbox`: serves the dataset its options describe, prints JIRA_* variables that work, stops on Ctrl-C."""

import shlex
import signal

import requests

from jirasync_dagster.sandbox import SandboxServer, default_specs
from jirasync_dagster.warehouse import Warehouse
from jirasync_dagster_tests.cli.commands import jirasync, succeeded
from jirasync_dagster_tests.cli.serving import answers, log_of, serving, stopped_by
from jirasync_dagster_tests.deploy.processes import free_port
from jirasync_dagster_tests.sync.helpers import sandbox_view, warehouse_view


def exported(output: str) -> dict[str, str]:
    """The `export NAME=VALUE` lines, read as a shell reads them."""
    return dict(shlex.split(line)[1].split("=", 1) for line in output.splitlines() if line.startswith("export "))


def test_sandbox_serves_its_options_dataset_to_the_printed_variables_until_interrupted(cli_env, tmp_path, database_url):
    port = free_port()
    server_info = f"http://127.0.0.1:{port}/instance_1/rest/api/2/serverInfo"
    args = ["sandbox", "--port", str(port), "--flavour", "datacenter", "--issues", "25", "--seed", "11"]
    with serving("sandbox", args, cli_env, tmp_path, server_info) as process:
        variables = exported(log_of("sandbox", tmp_path))
        # Data Center on both instances: a personal access token each, no Cloud e-mail and API token.
        assert sorted(variables) == ["JIRA_NAME_1", "JIRA_NAME_2", "JIRA_TOKEN_1", "JIRA_TOKEN_2", "JIRA_URL_1", "JIRA_URL_2"]
        assert variables["JIRA_URL_1"] == f"http://127.0.0.1:{port}/instance_1"
        info = requests.get(server_info, headers={"Authorization": f"Bearer {variables['JIRA_TOKEN_1']}"}, timeout=10)
        assert info.json()["deploymentType"] == "Server"
        succeeded(jirasync({**cli_env, **variables}, "sync"))
        assert stopped_by(process, signal.SIGINT, "jirasync sandbox") == 0
    assert not answers(server_info)

    # The same options make the same dataset in-process: what landed is exactly what was served.
    warehouse = Warehouse(database_url)
    try:
        with SandboxServer(default_specs(issues=25, seed=11, flavour="datacenter")) as same:
            for instance in ("instance_1", "instance_2"):
                expected = sandbox_view(same, instance)
                assert len(expected) == 25 and warehouse_view(warehouse, instance) == expected
    finally:
        warehouse.dispose()


def test_sandbox_stops_cleanly_on_sigterm(cli_env, tmp_path):
    port = free_port()
    server_info = f"http://127.0.0.1:{port}/instance_1/rest/api/2/serverInfo"
    with serving("sandbox", ["sandbox", "--port", str(port), "--issues", "5"], cli_env, tmp_path, server_info) as process:
        assert stopped_by(process, signal.SIGTERM, "jirasync sandbox") == 0
    assert not answers(server_info)
