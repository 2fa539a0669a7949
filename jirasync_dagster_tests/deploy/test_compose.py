"""docker-compose.yml is valid Compose v2, wires the services the deployment needs, and is hardened:
only the authenticating proxy is published, every service is bounded, secrets have no defaults."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from jirasync_dagster_tests.deploy.compose_config import (
    BASE, CREDENTIALS, DOCKER_SOCKET_GROUP, READ_ONLY, ROOT, RUNS, compose_binary, resolved, run_compose,
)

__all__ = ["compose_binary"]  # test_launchers.py imports it from here

DAGSTER_SERVICES = ("user_code", "webserver", "daemon")
SERVICES = {"postgres", "redis", *DAGSTER_SERVICES, "proxy"}
# The compositions a user starts: the default, a container per run, the viewers' read-only UI.
COMPOSITIONS = {"default": (BASE,), "docker-runs": (BASE, RUNS), "read-only": (BASE, READ_ONLY)}


def test_compose_file_is_valid(tmp_path):
    result = run_compose(tmp_path, CREDENTIALS, "config", "-q")
    assert result.returncode == 0, result.stderr


def test_services_healthchecks_and_forwarded_variables(tmp_path):
    services = resolved(tmp_path, {"JIRA_URL_1": "https://acme.atlassian.net", "JIRASYNC_SCHEDULE_MINUTES": "5"})["services"]
    assert set(services) == SERVICES
    assert all("healthcheck" in s for s in services.values())
    assert services["user_code"]["command"][:5] == ["dagster", "api", "grpc", "-m", "jirasync_dagster"]
    for name in DAGSTER_SERVICES:
        environment = services[name]["environment"]
        assert environment["JIRASYNC_AUTOMATION"] == "on"
        assert environment["JIRASYNC_SCHEDULE_MINUTES"] == "5"
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile"
        # The warehouse URL is built from the required password, not from a default one.
        assert environment["JIRASYNC_DATABASE_URL"] == (
            f"postgresql://dagster:{CREDENTIALS['POSTGRES_PASSWORD']}@postgres:5432/dagster")
    assert (ROOT / "deploy" / "Dockerfile").exists()


@pytest.mark.parametrize("name", sorted(CREDENTIALS))
@pytest.mark.parametrize("value", ["unset", "empty"])
def test_compose_refuses_to_start_without_each_secret(tmp_path, name, value):
    """No default password: Compose stops before starting anything, naming the variable and the docs."""
    env = {k: v for k, v in CREDENTIALS.items() if k != name}
    if value == "empty":
        env[name] = ""
    result = run_compose(tmp_path, env, "config", "-q")
    assert result.returncode != 0
    assert name in result.stderr and "deploy/README.md" in result.stderr, result.stderr


def test_docker_runs_profile_requires_the_socket_group(tmp_path):
    """The non-root webserver and daemon reach the Docker socket through its group, whose id is the host's."""
    result = run_compose(tmp_path, CREDENTIALS, "config", "-q", files=COMPOSITIONS["docker-runs"])
    assert result.returncode != 0 and "DOCKER_GID" in result.stderr and "deploy/README.md" in result.stderr
    services = resolved(tmp_path, files=COMPOSITIONS["docker-runs"])["services"]
    for name in ("webserver", "daemon"):
        assert services[name]["group_add"] == [DOCKER_SOCKET_GROUP["DOCKER_GID"]]


def test_the_compose_files_hold_no_secret_values():
    """Every password is `${NAME:?…}` or built from one; none has a `:-` default."""
    for path in (BASE, RUNS, READ_ONLY):
        text = path.read_text()
        # `${X_PASSWORD:-}` (empty: unset) is allowed, a value after `:-` is not.
        assert not re.search(r"PASSWORD[A-Z_0-9]*:-[^}]", text), path
        assert not re.search(r"PASSWORD[A-Z_0-9]*:\s+[^$\s{]", text), path
        # Nor a literal password in a URL (user:password@host).
        assert not re.search(r"://[\w.-]+:[^@$\s/]+@", text), path


@pytest.mark.parametrize("composition", sorted(COMPOSITIONS))
def test_only_the_proxy_is_published_and_the_webserver_is_internal(tmp_path, composition):
    config = resolved(tmp_path, files=COMPOSITIONS[composition])
    services, networks = config["services"], config["networks"]
    assert [name for name, s in services.items() if s.get("ports")] == ["proxy"]
    (port,) = services["proxy"]["ports"]
    # Loopback unless the operator opts in: basic auth over plain HTTP stays on the host.
    assert (port["host_ip"], port["target"]) == ("127.0.0.1", 8080)
    assert set(services["webserver"]["networks"]) == {"internal"}
    assert networks["internal"]["internal"] is True
    # The proxy reaches the webserver; user_code alone of the Dagster services reaches JIRA.
    assert "internal" in services["proxy"]["networks"] and not networks["default"].get("internal")
    assert set(services["user_code"]["networks"]) == {"internal", "default"}
    assert set(services["daemon"]["networks"]) == {"internal"}


@pytest.mark.parametrize("composition", sorted(COMPOSITIONS))
def test_every_service_has_resource_limits_and_rotated_logs(tmp_path, composition):
    for name, service in resolved(tmp_path, files=COMPOSITIONS[composition])["services"].items():
        limits = service["deploy"]["resources"]["limits"]
        assert float(limits["cpus"]) > 0 and int(limits["memory"]) > 0, name
        logging = service["logging"]
        assert logging["driver"] == "json-file", name
        assert set(logging["options"]) >= {"max-size", "max-file"}, name


def test_redis_is_bounded_evicts_lru_and_appends(tmp_path):
    command = resolved(tmp_path)["services"]["redis"]["command"]
    flags = dict(zip(command[1::2], command[2::2]))
    assert command[0] == "redis-server"
    assert flags["--maxmemory"] == "256mb"
    assert flags["--maxmemory-policy"] == "allkeys-lru"
    assert flags["--appendonly"] == "yes"


def test_read_only_override_starts_the_webserver_read_only(tmp_path):
    """The viewers' composition changes only the webserver's command, adding Dagster's --read-only."""
    default = resolved(tmp_path)["services"]
    read_only = resolved(tmp_path, files=COMPOSITIONS["read-only"])["services"]
    assert read_only["webserver"]["command"] == [*default["webserver"]["command"], "--read-only"]
    assert {k: v for k, v in read_only.items() if k != "webserver"} == {k: v for k, v in default.items() if k != "webserver"}


def test_installed_webserver_has_the_read_only_flag():
    """The flag the override relies on exists in the dagster-webserver this project pins."""
    webserver = Path(sys.executable).parent / "dagster-webserver"
    result = subprocess.run([str(webserver), "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "--read-only" in result.stdout
