"""The one place that decides whether automation runs and how often, from the environment."""

import os

from dagster import DefaultScheduleStatus, DefaultSensorStatus

AUTOMATION_VARIABLE = "JIRASYNC_AUTOMATION"


def automation_enabled() -> bool:
    """True in a deployment (JIRASYNC_AUTOMATION=on); `dagster dev` leaves automation off."""
    return os.environ.get(AUTOMATION_VARIABLE, "").strip().lower() in ("on", "1", "true", "yes")


def default_sensor_status() -> DefaultSensorStatus:
    """RUNNING when automation is enabled, otherwise STOPPED (switch on in the UI)."""
    return DefaultSensorStatus.RUNNING if automation_enabled() else DefaultSensorStatus.STOPPED


def default_schedule_status() -> DefaultScheduleStatus:
    """RUNNING when automation is enabled, otherwise STOPPED (switch on in the UI)."""
    return DefaultScheduleStatus.RUNNING if automation_enabled() else DefaultScheduleStatus.STOPPED


def int_setting(variable: str, default: int, minimum: int) -> int:
    """An integer knob from the environment, never below `minimum`."""
    raw = os.environ.get(variable, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        raise ValueError(f"{variable}={raw!r} is not a whole number") from None
    # Below the minimum a tick would overlap the runs it launched; clamp rather than fail the code location.
    return max(value, minimum)


def schedule_minutes() -> int:
    """Minutes between scheduled syncs of every partition (JIRASYNC_SCHEDULE_MINUTES, default 10, min 2)."""
    return int_setting("JIRASYNC_SCHEDULE_MINUTES", 10, 2)


def change_sensor_seconds() -> int:
    """Seconds between change-sensor ticks (JIRASYNC_CHANGE_SENSOR_SECONDS, default 30)."""
    return int_setting("JIRASYNC_CHANGE_SENSOR_SECONDS", 30, 2)


def project_sensor_seconds() -> int:
    """Seconds between project-discovery ticks (JIRASYNC_PROJECT_SENSOR_SECONDS, default 300)."""
    return int_setting("JIRASYNC_PROJECT_SENSOR_SECONDS", 300, 2)


def history_sensor_seconds() -> int:
    """Seconds between copies of run history into the warehouse (JIRASYNC_HISTORY_SENSOR_SECONDS, default 60)."""
    return int_setting("JIRASYNC_HISTORY_SENSOR_SECONDS", 60, 2)


def partitions_per_run() -> int:
    """Partitions a backfill carries in one run (JIRASYNC_PARTITIONS_PER_RUN, default 25)."""
    return int_setting("JIRASYNC_PARTITIONS_PER_RUN", 25, 1)


def reconcile_hours() -> int:
    """Hours between deletion reconciliations of a project (JIRASYNC_RECONCILE_HOURS, default 6)."""
    return int_setting("JIRASYNC_RECONCILE_HOURS", 6, 1)


def change_overlap_seconds() -> int:
    """How far before its cursor each change-sensor tick reads again (JIRASYNC_CHANGE_OVERLAP_SECONDS, default 120)."""
    return int_setting("JIRASYNC_CHANGE_OVERLAP_SECONDS", 120, 0)


def sensor_grace_seconds() -> int:
    """How old a change must be before the schedule requests it: until then it is the change sensor's."""
    return 2 * change_sensor_seconds() + change_overlap_seconds()
