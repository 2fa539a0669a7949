"""The deployment profiles' instance configs, loaded the way Dagster loads them."""

from pathlib import Path

import yaml
from dagster._core.instance.config import dagster_instance_config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"

# Profile name -> the folder holding its dagster.yaml.
PROFILES = {"default": DEPLOY, "docker": DEPLOY / "docker", "k8s": DEPLOY / "k8s"}
# Profiles whose runs may execute on other machines than the daemon.
MULTI_MACHINE = ("docker", "k8s")

# What the docker-compose services set; the configs name these variables, never their values.
PLACEHOLDER_ENV = {
    "DAGSTER_PG_HOST": "postgres",
    "DAGSTER_PG_PORT": "5432",
    "DAGSTER_PG_USER": "dagster",
    "DAGSTER_PG_PASSWORD": "placeholder",
    "DAGSTER_PG_DB": "dagster",
    "JIRASYNC_RUN_IMAGE": "jirasync_dagster_docker:latest",
}


def raw_config(profile: str) -> dict:
    """The profile's dagster.yaml as written."""
    return yaml.safe_load((PROFILES[profile] / "dagster.yaml").read_text())


def instance_config(profile: str) -> dict:
    """The profile's dagster.yaml validated against Dagster's instance schema (raises if invalid)."""
    config, custom_instance_class = dagster_instance_config(str(PROFILES[profile]))
    assert custom_instance_class is None
    return dict(config)


def storage_kinds(config: dict) -> dict[str, str]:
    """Where runs, event logs and schedules are stored: key -> class name (or `storage` kind)."""
    if "storage" in config:
        (kind,) = config["storage"]
        return {key: kind for key in ("run_storage", "event_log_storage", "schedule_storage")}
    return {
        key: config[key]["class"] if key in config else "default (SQLite under DAGSTER_HOME)"
        for key in ("run_storage", "event_log_storage", "schedule_storage")
    }


def launcher_block(profile: str) -> dict:
    """The profile's run_launcher block ({} for Dagster's DefaultRunLauncher)."""
    return raw_config(profile).get("run_launcher", {})
