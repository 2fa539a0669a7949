"""Where jirasync keeps its local state, chosen in one place for every entry point."""

import os
from pathlib import Path


def jirasync_home() -> Path:
    """The folder holding embedded Postgres data and the default Dagster instance."""
    home = Path(os.environ.get("JIRASYNC_HOME") or "~/.jirasync").expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    return home


def default_dagster_home() -> Path:
    """The persistent Dagster instance folder used when DAGSTER_HOME is not set."""
    path = jirasync_home() / "dagster"
    path.mkdir(parents=True, exist_ok=True)
    config = path / "dagster.yaml"
    if not config.exists():
        # Local instance: run storage on SQLite in the folder; the `jira` pool caps how many
        # syncs write to the warehouse at once, whatever launched them (CLI, UI, backfills).
        config.write_text(
            "concurrency:\n"
            "  pools:\n"
            "    default_limit: 2\n"
            "compute_logs:\n"
            "  module: dagster._core.storage.noop_compute_log_manager\n"
            "  class: NoOpComputeLogManager\n"
            "telemetry:\n"
            "  enabled: false\n"
        )
    return path


def ensure_dagster_home() -> Path:
    """Point DAGSTER_HOME at the persistent default unless the user chose one."""
    if not os.environ.get("DAGSTER_HOME"):
        os.environ["DAGSTER_HOME"] = str(default_dagster_home())
    return Path(os.environ["DAGSTER_HOME"])
