"""`jirasync dev`: the Dagster webserver and daemon on the instance where `jirasync sync` records its runs."""

import signal
from pathlib import Path

import requests
import yaml

from jirasync_dagster.sandbox import SandboxServer, default_specs
from jirasync_dagster_tests.cli.commands import jirasync, succeeded
from jirasync_dagster_tests.cli.serving import answers, command_lines, family, log_of, serving, stopped_by
from jirasync_dagster_tests.deploy.processes import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
LOCATION = """{ workspaceOrError { ... on Workspace { locationEntries { locationOrLoadError { __typename
  ... on RepositoryLocation { repositories { jobs { name } } } ... on PythonError { message } } } } } }"""
RUNS = "{ runsOrError { ... on Runs { results { jobName status tags { key value } } } } }"


def graphql(url: str, query: str) -> dict:
    response = requests.post(f"{url}/graphql", json={"query": query}, timeout=30)
    response.raise_for_status()
    return response.json()["data"]


def loaded_location(url: str) -> dict | None:
    """The code location once the webserver has loaded it (None while it loads); a load error fails."""
    (entry,) = graphql(url, LOCATION)["workspaceOrError"]["locationEntries"]
    location = entry["locationOrLoadError"]
    assert location is None or location["__typename"] != "PythonError", location["message"]
    return location


def test_dev_serves_the_runs_jirasync_sync_recorded_and_stops_with_its_services(cli_env, tmp_path):
    with SandboxServer(default_specs(issues=10, seed=2)) as server:
        env = {**cli_env, **server.env()}
        succeeded(jirasync(env, "sync", "instance_2:WEB"))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        # Started as `jirasync dev &` in a script starts it, the harder case for stopping it (SIGINT ignored).
        with serving("dev", ["dev", "--port", str(port)], env, tmp_path, f"{url}/server_info",
                     background_job=True) as process:
            assert log_of("dev", tmp_path).splitlines()[0] == f"DAGSTER_HOME={tmp_path / 'home' / 'dagster'}"
            services = " ".join(command_lines(family(process.pid)))
            assert "-m dagster_webserver" in services and "-m dagster._daemon run" in services

            location = wait_for(lambda: loaded_location(url), 180, "the jirasync_dagster code location to load")
            jobs = {job["name"] for repository in location["repositories"] for job in repository["jobs"]}
            assert {"jira_discovery_job", "jira_sync_job"} <= jobs
            runs = graphql(url, RUNS)["runsOrError"]["results"]
            assert sorted((run["jobName"], run["status"]) for run in runs) == [
                ("jira_discovery_job", "SUCCESS"), ("jira_sync_job", "SUCCESS")]
            (sync_run,) = [run for run in runs if run["jobName"] == "jira_sync_job"]
            assert {"key": "dagster/partition", "value": "instance_2:WEB"} in sync_run["tags"]

            # `kill`: dagster dev takes SIGTERM as Ctrl-C and shuts its services down first.
            assert stopped_by(process, signal.SIGTERM, "jirasync dev") == 0
        assert not answers(f"{url}/server_info")
        log = log_of("dev", tmp_path)
        assert "superseded" not in log and "will not be used" not in log, log


def test_the_local_instance_has_the_limits_of_the_repository_root(cli_env, tmp_path):
    """One source: $JIRASYNC_HOME/dagster/dagster.yaml is the root dagster.yaml (run queue and per-site limits)."""
    env = {**cli_env, "JIRASYNC_HOME": str(tmp_path)}
    succeeded(jirasync(env, "history"))  # any command that records runs prepares the instance
    local = yaml.safe_load((tmp_path / "dagster" / "dagster.yaml").read_text())
    assert local == yaml.safe_load((ROOT / "dagster.yaml").read_text())
    (limit,) = local["concurrency"]["runs"]["tag_concurrency_limits"]
    assert limit["key"] == "jirasync/instance" and local["run_coordinator"]["class"] == "InstanceTaggingRunCoordinator"
