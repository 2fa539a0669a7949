"""Run the UI proxy as docker-compose.yml does, inside private network and mount namespaces.

`unshare -n -m python -m jirasync_dagster_tests.deploy.proxy_sandbox RUNTIME_DIR COMMAND…` (as root):
RUNTIME_DIR becomes /tmp (the container's tmpfs), a stub answers Docker's DNS at 127.0.0.11 and
plays the webserver on 127.0.0.1:3000, and COMMAND (the proxy's entrypoint and command) runs as an
unprivileged user. Prints, as JSON, what clients and the stub webserver saw.
"""

import base64
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NOBODY = 65534
CREDENTIALS = {"JIRASYNC_UI_USER": "viewer", "JIRASYNC_UI_PASSWORD": "pa:ss w0rd$"}
PUBLISHED = "http://127.0.0.1:8080/"


def serve_dns() -> None:
    """Docker's embedded DNS, reduced to what nginx asks: an A record; every name is 127.0.0.1."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.11", 53))
    while True:
        query, client = sock.recvfrom(512)
        question = query[12:query.index(b"\0", 12) + 5]
        answer = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 10, 4) + socket.inet_aton("127.0.0.1")
        sock.sendto(query[:2] + struct.pack(">HHHHH", 0x8180, 1, 1, 0, 0) + question + answer, client)


class Webserver(BaseHTTPRequestHandler):
    """Stands in for dagster-webserver: answers with the request headers it received."""

    def do_GET(self):
        body = json.dumps({k.lower(): v for k, v in self.headers.items()}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def get(url: str, headers: dict | None = None) -> tuple[int, str]:
    """(status, body) of a GET; error statuses are answers too."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def basic(user: str, password: str) -> dict:
    """An Authorization header for HTTP basic auth."""
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def wait_healthy(proxy: subprocess.Popen) -> int:
    """The proxy's healthcheck status once it answers (bounded: 100 tries)."""
    for _ in range(100):
        if proxy.poll() is not None:
            raise SystemExit(f"proxy exited with {proxy.returncode}")
        try:
            return get("http://127.0.0.1:8081/healthz")[0]
        except OSError:
            time.sleep(0.1)
    raise SystemExit("proxy never answered its healthcheck")


def main(runtime: str, command: list[str]) -> dict:
    """Start the stubs and the proxy, ask it as clients would, and report what happened."""
    subprocess.run(["mount", "--bind", runtime, "/tmp"], check=True)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    threading.Thread(target=serve_dns, daemon=True).start()
    webserver = ThreadingHTTPServer(("127.0.0.1", 3000), Webserver)
    threading.Thread(target=webserver.serve_forever, daemon=True).start()
    # Like runc, hand the unprivileged process its own stdout/stderr (nginx reopens /dev/stdout).
    log = open("/tmp/proxy.log", "w")
    os.fchown(log.fileno(), NOBODY, NOBODY)
    proxy = subprocess.Popen(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command],
        env={"PATH": os.environ["PATH"], **CREDENTIALS}, stdout=log, stderr=log,
    )
    try:
        user, password = CREDENTIALS["JIRASYNC_UI_USER"], CREDENTIALS["JIRASYNC_UI_PASSWORD"]
        health = wait_healthy(proxy)
        status, seen = get(PUBLISHED, {**basic(user, password), "Upgrade": "websocket", "Connection": "Upgrade"})
        return {
            "health": health,
            "anonymous": get(PUBLISHED)[0],
            "wrong_password": get(PUBLISHED, basic(user, password + "x"))[0],
            "wrong_user": get(PUBLISHED, basic(user + "x", password))[0],
            "authenticated": status,
            "webserver_saw": json.loads(seen) if status == 200 else {},
            "htpasswd": open("/tmp/htpasswd").read(),
            "htpasswd_mode": oct(os.stat("/tmp/htpasswd").st_mode & 0o777),
            "proxy_uid": os.stat(f"/proc/{proxy.pid}").st_uid,
        }
    finally:
        proxy.terminate()
        proxy.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2:])))
