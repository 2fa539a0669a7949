"""Sensors: new and removed projects, changed issues, and run history copied to the warehouse."""

from jirasync_dagster.sensors.change_sensor import build_change_sensor
from jirasync_dagster.sensors.history_sensor import build_history_sensor
from jirasync_dagster.sensors.project_sensor import build_project_sensor

__all__ = ["build_change_sensor", "build_history_sensor", "build_project_sensor"]
