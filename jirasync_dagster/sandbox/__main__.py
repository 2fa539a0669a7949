"""`python -m jirasync_dagster.sandbox`: serve the two default instances until stopped."""

import argparse
import dataclasses

from .config import default_specs
from .server import serve_forever


def main(argv: list[str] | None = None) -> None:
    """Parse options and serve."""
    parser = argparse.ArgumentParser(prog="python -m jirasync_dagster.sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--flavour", choices=("cloud", "datacenter"), help="make both instances this flavour")
    parser.add_argument("--issues", type=int, default=600, help="issues per instance")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--time-zone", help="time zone of every instance's user (default: per instance)")
    args = parser.parse_args(argv)
    specs = default_specs(args.issues, args.seed, args.flavour)
    if args.time_zone:
        specs = [dataclasses.replace(s, time_zone=args.time_zone) for s in specs]
    serve_forever(specs, args.host, args.port, flush_print)


def flush_print(line: str) -> None:
    """print() that flushes, so a parent process reading our stdout sees lines at once."""
    print(line, flush=True)


if __name__ == "__main__":
    main()
