"""Every `jirasync` command reads ./.env, the environment wins over it, and its secrets are never printed."""

import os

from jirasync_dagster.cli.env_file import load_env_file
from jirasync_dagster.sandbox.config import SANDBOX_CREDENTIALS
from jirasync_dagster_tests.cli.commands import jirasync, succeeded
from jirasync_dagster_tests.deploy.processes import free_port


def write_env_file(directory, variables: dict[str, str]) -> None:
    lines = [f"{name}={value}" for name, value in variables.items()]
    (directory / ".env").write_text("# local settings\n" + "\n".join(lines) + "\n")


def test_doctor_reads_the_instances_from_env_file_and_prints_no_secret(sandbox, cli_env, tmp_path):
    write_env_file(tmp_path, sandbox.env())
    output = succeeded(jirasync(cli_env, "doctor", cwd=tmp_path))
    assert "settings read from ./.env: JIRA_URL_1" in " ".join(output.split())
    assert "instance_1" in output and "instance_2" in output and "all checks passed" in output
    for secret in (SANDBOX_CREDENTIALS["api_token"], SANDBOX_CREDENTIALS["password"], SANDBOX_CREDENTIALS["pat"]):
        assert secret not in output


def test_the_environment_wins_over_env_file(sandbox, cli_env, tmp_path):
    dead = {name: f"http://127.0.0.1:{free_port()}" for name in sandbox.env() if name.startswith("JIRA_URL_")}
    write_env_file(tmp_path, {**sandbox.env(), **dead})
    succeeded(jirasync({**cli_env, **sandbox.env()}, "doctor", cwd=tmp_path))
    # And the file's value is used when the environment does not set the variable.
    result = jirasync(cli_env, "doctor", "--timeout", "2", cwd=tmp_path)
    assert result.returncode == 1 and "instance_1 failed" in " ".join(result.stdout.split())


def test_values_arrive_as_written_and_set_variables_are_kept(tmp_path, monkeypatch):
    environment = {"JIRA_URL_1": "https://from-the-environment"}
    monkeypatch.setattr(os, "environ", environment)  # load_env_file writes os.environ: give it a throwaway one
    (tmp_path / ".env").write_text("JIRA_URL_1=https://from-the-file\nJIRA_PASSWORD_1='pa$HOME x'\n"
                                   "export JIRA_NAME_1=acme\nEMPTY=\n")
    loaded = load_env_file(tmp_path / ".env")
    assert loaded == ["JIRA_PASSWORD_1", "JIRA_NAME_1", "EMPTY"]
    assert environment == {"JIRA_URL_1": "https://from-the-environment", "JIRA_PASSWORD_1": "pa$HOME x",
                           "JIRA_NAME_1": "acme", "EMPTY": ""}
    assert load_env_file(tmp_path / "missing.env") == []


def test_doctor_without_any_instance_fails_and_says_how_to_configure_one(cli_env, tmp_path):
    result = jirasync(cli_env, "doctor", cwd=tmp_path)
    flat = " ".join(result.stdout.split())
    assert result.returncode == 1
    assert "no JIRA instance configured" in flat and "JIRA_URL_1" in flat and ".env" in flat
    assert "all checks passed" not in flat
