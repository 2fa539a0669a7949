"""`python -m benchmarks.tls_sandbox_server`: benchmarks.sandbox_server's instance, served over HTTPS.

For row (j) of `python -m benchmarks.runs`: singer's tap-jira 2.6.0 sends every Basic-auth request
to `https://` + its base_url, whatever scheme the URL names, so the sandbox must speak TLS for it.
jirasync is pointed at the same server, so both clients pay the same TLS costs. The sandbox itself
is unchanged: the listening socket is wrapped in a TLS context (a self-signed loopback
certificate that the clients trust through REQUESTS_CA_BUNDLE) before it starts serving.
"""

import argparse
import shlex
import ssl
import subprocess
import threading
from pathlib import Path

from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster.sandbox.__main__ import flush_print

INSTANCE = "instance_1"


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (EC P-256: cheap handshakes) and its key, made once."""
    cert, key = folder / "loopback.crt", folder / "loopback.key"
    if not (cert.exists() and key.exists()):
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "3650", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return cert, key


def main(argv: list[str] | None = None) -> None:
    """Serve one instance over HTTPS until stopped; the first line printed carries the URL."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tls_sandbox_server", description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--issues", type=int, default=10_000)
    parser.add_argument("--flavour", choices=("cloud", "datacenter"), default="cloud")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--projects", default="ENG,OPS,SUP", help="comma-separated project keys")
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args(argv)
    spec = InstanceSpec(INSTANCE, args.flavour, args.issues, args.seed, tuple(args.projects.split(",")))
    server = SandboxServer([spec], "127.0.0.1", args.port)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    # The server object is the sandbox's own; only its listening socket learns TLS.
    http = server._http  # noqa: SLF001 - a benchmark helper, the sandbox stays unmodified
    http.socket = context.wrap_socket(http.socket, server_side=True)
    url = server.url.replace("http://", "https://", 1)
    with server:
        flush_print(f"# JIRA sandbox serving 1 instance(s) at {url}; Ctrl-C stops it")
        for name, value in server.env().items():
            flush_print(f"export {name}={shlex.quote(value.replace('http://', 'https://', 1))}")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
