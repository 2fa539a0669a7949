"""`python -m benchmarks.sandbox_server`: one sandbox instance in a process of its own.

The benchmark's sync runs in another process, so that the server's rendering and the
client's parsing do not share a GIL (as with a real JIRA, which is never in our process).
"""

import argparse

from jirasync_dagster.sandbox import InstanceSpec
from jirasync_dagster.sandbox.__main__ import flush_print
from jirasync_dagster.sandbox.server import serve_forever

INSTANCE = "instance_1"


def main(argv: list[str] | None = None) -> None:
    """Serve one instance until stopped; the first line printed carries the URL."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sandbox_server", description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--issues", type=int, default=10_000)
    parser.add_argument("--flavour", choices=("cloud", "datacenter"), default="cloud")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--projects", default="ENG,OPS,SUP", help="comma-separated project keys")
    args = parser.parse_args(argv)
    spec = InstanceSpec(INSTANCE, args.flavour, args.issues, args.seed, tuple(args.projects.split(",")))
    serve_forever([spec], "127.0.0.1", args.port, flush_print)


if __name__ == "__main__":
    main()
