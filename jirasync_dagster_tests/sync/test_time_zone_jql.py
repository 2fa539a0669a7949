"""The JQL bounds a sync sends are epoch milliseconds, whatever the machine's or JIRA's time zone."""

import os
import re
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from jirasync_dagster.sync.jql import epoch_ms, project_filter

MOMENT = datetime(2025, 6, 1, 11, 59, 59, 999000, tzinfo=timezone.utc)
MOMENT_MS = 1748779199999


@pytest.fixture
def machine_in_auckland():
    """This process's local zone set far from UTC, as on a laptop in New Zealand."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Pacific/Auckland"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_bound_is_the_same_epoch_ms_in_every_zone(machine_in_auckland):
    for zone in ("UTC", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"):
        assert epoch_ms(MOMENT.astimezone(ZoneInfo(zone))) == MOMENT_MS
    assert project_filter("ENG", MOMENT) == f'project = "ENG" AND updated >= {MOMENT_MS}'


def test_bound_is_exact_to_the_millisecond_and_rounds_down():
    for micros in range(0, 1_000_000, 997):
        moment = MOMENT.replace(microsecond=micros)
        assert epoch_ms(moment) == MOMENT_MS - 999 + micros // 1000
    assert epoch_ms(MOMENT - timedelta(microseconds=1)) == MOMENT_MS - 1


def test_naive_datetime_is_refused_rather_than_read_in_the_machine_zone(machine_in_auckland):
    with pytest.raises(ValueError, match="no time zone"):
        project_filter("ENG", datetime(2025, 6, 1, 12, 0))


def test_bound_is_never_a_quoted_date():
    jql = project_filter("ENG", MOMENT)
    assert re.fullmatch(r'project = "ENG" AND updated >= \d{13}', jql)
