"""Fixtures of the CLI tests."""

import pytest

from jirasync_dagster_tests.cli.commands import command_env


@pytest.fixture
def cli_env(database_url, tmp_path) -> dict[str, str]:
    """The environment a `jirasync` child process runs in, with its home under this test's tmp_path."""
    return command_env(database_url, tmp_path / "home")
