"""The warehouse location the CLI prints: a psql command line that works as printed, never with a password."""

import shlex
import subprocess

import pytest

from jirasync_dagster.cli.warehouse_location import libpq_uri, psql_command, psql_program
from jirasync_dagster_tests.cli.commands import jirasync


@pytest.mark.parametrize("url, command", [
    ("postgresql+psycopg2://postgres:@/jirasync?host=/home/me/.jirasync/pgdata",
     "psql 'postgresql://postgres@/jirasync?host=/home/me/.jirasync/pgdata'"),
    ("postgresql+psycopg2://alice:s3cr%40t@db.example.com:6543/warehouse?sslmode=require",
     "psql 'postgresql://alice@db.example.com:6543/warehouse?sslmode=require'"),
    ("postgresql://bob@[::1]/mirror", "psql 'postgresql://bob@[::1]/mirror'"),
    ("postgresql+psycopg2://postgres@/my db?host=/tmp/with space",
     "psql 'postgresql://postgres@/my%20db?host=/tmp/with%20space'"),
])
def test_psql_command_is_a_libpq_uri_without_driver_or_password(url, command):
    assert psql_command(url) == command
    assert "s3cr" not in command and "psycopg2" not in command


def psql(line: str, *args: str) -> str:
    """Run a printed psql command line as a shell would split it, plus `args`; its output."""
    result = subprocess.run([*shlex.split(line), *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_printed_line_opens_the_database_with_psql(database_url):
    line = psql_command(database_url, psql_program())
    database = libpq_uri(database_url).split("?")[0].rsplit("/", 1)[1]
    assert psql(line, "-tAc", "SELECT current_database()") == database


def test_the_bundled_psql_is_found_when_none_is_on_path(monkeypatch, database_url):
    monkeypatch.setenv("PATH", "/nonexistent")
    program = psql_program()
    assert program.endswith("/pginstall/bin/psql")
    assert psql(psql_command(database_url, program), "-tAc", "SELECT 1") == "1"


def test_doctor_shows_the_warehouse_as_the_same_uri(cli_env, sandbox, database_url):
    output = jirasync({**cli_env, **sandbox.env()}, "doctor").stdout
    assert libpq_uri(database_url) in output and "psycopg2" not in output
