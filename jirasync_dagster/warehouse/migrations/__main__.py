"""`python -m jirasync_dagster.warehouse.migrations ARGS`: the Alembic command line on these scripts."""

import sys

from alembic.config import CommandLine

from jirasync_dagster.warehouse.database_url import resolve_database_url
from jirasync_dagster.warehouse.migrations import alembic_config


def main(argv: list[str]) -> None:
    """Run an Alembic command (revision, history, current, upgrade, check…) on the warehouse."""
    cli = CommandLine(prog="python -m jirasync_dagster.warehouse.migrations")
    options = cli.parser.parse_args(argv)
    if not hasattr(options, "cmd"):
        cli.parser.error("too few arguments")
    offline = options.cmd[0].__name__ in ("revision", "history", "heads", "branches", "show")
    config = alembic_config(url=None if offline else resolve_database_url())
    config.cmd_opts = options
    cli.run_cmd(config, options)


if __name__ == "__main__":
    main(sys.argv[1:])
