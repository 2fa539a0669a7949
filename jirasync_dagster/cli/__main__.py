"""`python -m jirasync_dagster.cli` is the `jirasync` command."""

from jirasync_dagster.cli import main

main()
