"""`.env` in the current directory, read by every `jirasync` command as `dagster dev` reads it."""

import os
from pathlib import Path

from dotenv import dotenv_values


def load_env_file(path: Path = Path(".env")) -> list[str]:
    """Set the variables of `path` that the environment does not already set; the names set, in file order."""
    if not path.is_file():
        return []
    loaded = []
    # interpolate=False: a password containing `$` must arrive as written.
    for name, value in dotenv_values(path, interpolate=False).items():
        if value is not None and name not in os.environ:
            os.environ[name] = value
            loaded.append(name)
    return loaded
