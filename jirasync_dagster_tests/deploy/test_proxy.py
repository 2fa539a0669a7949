"""The UI's reverse proxy (service `proxy`: nginx, deploy/proxy/): its config passes nginx's own
checker, its entrypoint refuses to start without credentials, and, run as Compose runs it, it lets
only the configured user through to the webserver."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jirasync_dagster_tests.dependencies import missing, require_binary
from jirasync_dagster_tests.deploy.compose_config import ROOT, resolved

NGINX_INSTALL = "apt-get install nginx"


def proxy_argv(tmp_path, runtime, mounted: Path | None = None) -> list[str]:
    """The proxy's entrypoint + command from `docker-compose config`, its paths mapped to this machine:
    the mounted folder to deploy/proxy (or `mounted`), the container's /tmp (a tmpfs) to `runtime`."""
    service = resolved(tmp_path)["services"]["proxy"]
    (mount,) = service["volumes"]
    assert mount["read_only"] and mount["source"] == str(ROOT / "deploy" / "proxy")

    def host(arg: str) -> str:
        # The mount first, held aside, so a checkout that itself lives under /tmp is not remapped.
        held = arg.replace(mount["target"], "\0mount\0").replace("/tmp/", f"{runtime}/")
        return held.replace("\0mount\0", str(mounted or mount["source"]))

    return [host(arg) for arg in [*service["entrypoint"], *service["command"]]]


def nginx_check(argv: list[str]) -> subprocess.CompletedProcess:
    """`nginx -t` with the arguments of the proxy's nginx command (prefix, config, globals)."""
    nginx = argv.index("nginx")
    return subprocess.run([require_binary("nginx", NGINX_INSTALL), "-t", *argv[nginx + 1:]],
                          capture_output=True, text=True, timeout=60)


def test_proxy_config_passes_nginx_checker(tmp_path):
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    result = nginx_check(proxy_argv(tmp_path, runtime))
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_checker_rejects_a_broken_config(tmp_path):
    """The check above has teeth: a misspelt directive in the same config fails it."""
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    argv = proxy_argv(tmp_path, runtime)
    config = argv.index("-c") + 1
    broken = tmp_path / "nginx.conf"
    broken.write_text(open(argv[config]).read().replace("auth_basic_user_file", "auth_basic_userfile"))
    argv[config] = str(broken)
    result = nginx_check(argv)
    assert result.returncode != 0 and "auth_basic_userfile" in result.stderr


@pytest.mark.parametrize("env, complaint", [
    ({}, "JIRASYNC_UI_USER"),
    ({"JIRASYNC_UI_USER": "admin"}, "JIRASYNC_UI_PASSWORD"),
    ({"JIRASYNC_UI_USER": "admin", "JIRASYNC_UI_PASSWORD": ""}, "JIRASYNC_UI_PASSWORD"),
    ({"JIRASYNC_UI_USER": "ad:min", "JIRASYNC_UI_PASSWORD": "s3cret-value"}, "must not contain ':'"),
])
def test_proxy_entrypoint_refuses_without_credentials(tmp_path, env, complaint):
    """The entrypoint's own refusal, for a proxy started outside Compose's interpolation."""
    marker = tmp_path / "started"
    argv = proxy_argv(tmp_path, tmp_path)
    entrypoint = argv[:argv.index("nginx")]
    result = subprocess.run([*entrypoint, "touch", str(marker)], capture_output=True, text=True, timeout=60,
                            env={"PATH": os.environ["PATH"], **env})
    assert result.returncode != 0 and complaint in result.stderr
    assert not marker.exists()
    assert "s3cret-value" not in result.stdout + result.stderr


def test_proxy_lets_only_the_configured_user_through(tmp_path):
    """The proxy as Compose runs it (entrypoint, command, non-root user, /tmp its only writable place),
    in private namespaces: Docker's DNS and the webserver are stubs, nginx and the config are real."""
    require_binary("nginx", NGINX_INSTALL)
    for tool in ("unshare", "setpriv", "mount"):
        require_binary(tool, "apt-get install util-linux")
    require_binary("ip", "apt-get install iproute2")
    if os.geteuid() != 0:
        missing("private network and mount namespaces need root")
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    os.chown(runtime, 65534, 65534)
    # Inside the namespace the runtime folder is mounted on /tmp, so the container's paths hold;
    # the proxy's mounted folder is copied in, since a checkout under /tmp would be hidden by it.
    mounted = shutil.copytree(ROOT / "deploy" / "proxy", runtime / "proxy")
    argv = [arg.replace(f"{runtime}/", "/tmp/") for arg in proxy_argv(tmp_path, runtime, mounted)]
    result = subprocess.run(
        ["unshare", "--net", "--mount", sys.executable, "-m", "jirasync_dagster_tests.deploy.proxy_sandbox",
         str(runtime), *argv], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr + (runtime / "proxy.log").read_text()
    seen = json.loads(result.stdout)
    assert seen["health"] == 200
    assert (seen["anonymous"], seen["wrong_password"], seen["wrong_user"]) == (401, 401, 401)
    assert seen["authenticated"] == 200
    webserver_saw = seen["webserver_saw"]
    assert "authorization" not in webserver_saw  # the UI password stays at the proxy
    assert (webserver_saw["upgrade"], webserver_saw["connection"]) == ("websocket", "upgrade")
    assert webserver_saw["x-forwarded-for"] == "127.0.0.1"
    assert seen["htpasswd"].startswith("viewer:$6$") and "pa:ss" not in seen["htpasswd"]
    assert seen["htpasswd_mode"] == "0o600"
    assert seen["proxy_uid"] == 65534
