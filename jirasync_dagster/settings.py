"""Where jirasync keeps its local state, chosen in one place for every entry point."""

import os
from pathlib import Path


def jirasync_home() -> Path:
    """The folder holding embedded Postgres data and the default Dagster instance."""
    home = Path(os.environ.get("JIRASYNC_HOME") or "~/.jirasync").expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    return home


INSTANCE_CONFIG = Path(__file__).with_name("instance.yaml")
_MANAGED = ("# Written by jirasync from jirasync_dagster/instance.yaml, and rewritten when that changes.\n"
            "# To configure the instance yourself, set DAGSTER_HOME to a folder of your own.\n")


def default_dagster_home() -> Path:
    """The persistent Dagster instance folder used when DAGSTER_HOME is not set, configured as the repository root."""
    path = jirasync_home() / "dagster"
    path.mkdir(parents=True, exist_ok=True)
    config, wanted = path / "dagster.yaml", _MANAGED + INSTANCE_CONFIG.read_text()
    if not config.exists() or config.read_text() != wanted:
        # Replaced whole, so a run starting meanwhile never reads half a file.
        draft = config.with_name(f".dagster.yaml.{os.getpid()}")
        draft.write_text(wanted)
        os.replace(draft, config)
    return path


def ensure_dagster_home() -> Path:
    """Point DAGSTER_HOME at the persistent default unless the user chose one."""
    if not os.environ.get("DAGSTER_HOME"):
        os.environ["DAGSTER_HOME"] = str(default_dagster_home())
    return Path(os.environ["DAGSTER_HOME"])
