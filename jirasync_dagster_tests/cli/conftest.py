"""Fixtures of the CLI tests."""

import os

import pytest
from click.testing import CliRunner

from jirasync_dagster.cli import main
from jirasync_dagster_tests.cli.commands import command_env


@pytest.fixture
def cli_env(database_url, tmp_path) -> dict[str, str]:
    """The environment a `jirasync` child process runs in, with its home under this test's tmp_path."""
    return command_env(database_url, tmp_path / "home")


@pytest.fixture
def fields(sandbox, database_url):
    """Runs `jirasync fields ARGS…` against the sandbox and this test's database."""
    # None unsets a variable for the invocation: only the sandbox's JIRA_* variables count.
    env = {**{k: None for k in os.environ if k.startswith("JIRA_")}, **sandbox.env(),
           "JIRASYNC_DATABASE_URL": database_url, "COLUMNS": "200"}

    def run(*args, ok=True, input=None):
        result = CliRunner().invoke(main, ["fields", *args], env=env, input=input)
        assert (result.exit_code == 0) == ok, result.output
        return result.output

    run("discover")
    return run
