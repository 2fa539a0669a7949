"""Running `jirasync …` in tests: the click command on the sandbox and this test's database."""

import os

from click.testing import CliRunner

from jirasync_dagster.cli import main


class Jirasync:
    """Invokes `jirasync ARGS…` with the sandbox's JIRA_* variables and the test database."""

    def __init__(self, sandbox, database_url: str):
        # None unsets a variable for the invocation: only the sandbox's JIRA_* variables count.
        self.env = {**{k: None for k in os.environ if k.startswith("JIRA_")}, **sandbox.env(),
                    "JIRASYNC_DATABASE_URL": database_url, "COLUMNS": "250"}

    def __call__(self, *args: str, ok: bool = True, input: str | None = None) -> str:
        result = CliRunner().invoke(main, list(args), env=self.env, input=input)
        assert (result.exit_code == 0) == ok, f"exit {result.exit_code}: {result.output}"
        assert "Traceback" not in result.output, result.output
        return result.output
