"""Schedules: the regular sync of every active partition."""

from jirasync_dagster.schedules.sync_schedule import build_sync_schedule

__all__ = ["build_sync_schedule"]
