"""The console every jirasync command prints to."""

import sys

from rich.console import Console


def terminal() -> Console:
    """A rich console; wide enough for the summary tables when output is not a terminal."""
    return Console() if sys.stdout.isatty() else Console(width=140)
