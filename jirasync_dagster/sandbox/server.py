"""SandboxServer: every instance behind one ThreadingHTTPServer, in a background thread."""

import shlex
import signal
import ssl
import threading
from http.server import ThreadingHTTPServer

from .config import SANDBOX_CREDENTIALS, InstanceSpec
from .handler import SandboxHandler
from .instance import SandboxInstance


class _HttpServer(ThreadingHTTPServer):
    """A threading server whose handler threads do not block shutdown."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    instances: dict[str, SandboxInstance]


class SandboxServer:
    """JIRA-compatible instances under http(s)://host:port/<name>; start() serves in a thread."""

    def __init__(self, specs: list[InstanceSpec], host: str = "127.0.0.1", port: int = 0,
                 tls: ssl.SSLContext | None = None):
        names = [s.name for s in specs]
        if len(set(names)) != len(names):
            raise ValueError(f"instance names must be unique: {names}")
        self.specs = list(specs)
        # Bound now, so the URL (and every issue's `self` link) is known before start().
        self._http = _HttpServer((host, port), SandboxHandler)
        if tls is not None:  # HTTPS, for clients that insist on it (singer's tap-jira)
            self._http.socket = tls.wrap_socket(self._http.socket, server_side=True)
        self.url = f"{'https' if tls else 'http'}://{host}:{self._http.server_address[1]}"
        self._http.instances = {s.name: SandboxInstance(s, self.instance_url(s.name)) for s in specs}
        self._thread: threading.Thread | None = None

    def start(self) -> "SandboxServer":
        """Serve in a daemon thread; returns self."""
        if self._thread is None:
            # A short poll interval makes stop() quick, which matters for per-test servers.
            self._thread = threading.Thread(
                target=self._http.serve_forever, args=(0.05,), name="jira-sandbox", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self._http.shutdown()
            self._thread.join()
            self._thread = None
        self._http.server_close()

    def __enter__(self) -> "SandboxServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def instance_url(self, name: str) -> str:
        """An instance's JIRA base URL."""
        return f"{self.url}/{name}"

    def instance(self, name: str) -> SandboxInstance:
        """The live store of an instance, for in-process tests."""
        return self._http.instances[name]

    def env(self) -> dict[str, str]:
        """The JIRA_* variables that point jirasync at these instances (n = position, from 1)."""
        env = {}
        for n, spec in enumerate(self.specs, 1):
            env[f"JIRA_URL_{n}"] = self.instance_url(spec.name)
            env[f"JIRA_NAME_{n}"] = spec.name
            if spec.is_cloud:
                env[f"JIRA_USERNAME_{n}"] = SANDBOX_CREDENTIALS["email"]
                env[f"JIRA_PASSWORD_{n}"] = SANDBOX_CREDENTIALS["api_token"]
            else:
                env[f"JIRA_TOKEN_{n}"] = SANDBOX_CREDENTIALS["pat"]
        return env


def serve_forever(specs: list[InstanceSpec], host: str = "127.0.0.1", port: int = 0, announce=print,
                  tls: ssl.SSLContext | None = None) -> None:
    """Serve until interrupted, announcing `export JIRA_...=...` lines first."""
    with SandboxServer(specs, host, port, tls) as server:
        announce(f"# JIRA sandbox serving {len(specs)} instance(s) at {server.url}; Ctrl-C stops it")
        for name, value in server.env().items():
            announce(f"export {name}={shlex.quote(value)}")
        stopped = threading.Event()
        # `kill` (SIGTERM) stops it as Ctrl-C does: the server shuts down and the process exits 0.
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        try:
            while not stopped.wait(0.5):  # a timed wait lets Ctrl-C through
                pass
        except KeyboardInterrupt:
            pass
