"""`python -m benchmarks.sandbox_server`: one sandbox instance in a process of its own.

The benchmark's sync runs in another process, so that the server's rendering and the
client's parsing do not share a GIL (as with a real JIRA, which is never in our process).

With --cert and --key it speaks HTTPS, for row (j) of `python -m benchmarks.runs`: singer's
tap-jira 2.6.0 sends every Basic-auth request to `https://` + its base_url, whatever scheme the URL
names; jirasync is pointed at the same server, so both clients pay the same TLS costs. The
certificate is a self-signed loopback one (`make_certificate`) that the clients trust explicitly.
"""

import argparse
import ssl
import subprocess
from pathlib import Path

from jirasync_dagster.sandbox import InstanceSpec
from jirasync_dagster.sandbox.__main__ import flush_print
from jirasync_dagster.sandbox.server import serve_forever

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
    """Serve one instance until stopped; the first line printed carries the URL."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sandbox_server", description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--issues", type=int, default=10_000)
    parser.add_argument("--flavour", choices=("cloud", "datacenter"), default="cloud")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--projects", default="ENG,OPS,SUP", help="comma-separated project keys")
    parser.add_argument("--cert", help="serve HTTPS with this certificate (and --key)")
    parser.add_argument("--key")
    args = parser.parse_args(argv)
    spec = InstanceSpec(INSTANCE, args.flavour, args.issues, args.seed, tuple(args.projects.split(",")))
    tls = None
    if args.cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.cert, args.key)
    serve_forever([spec], "127.0.0.1", args.port, flush_print, tls)


if __name__ == "__main__":
    main()
