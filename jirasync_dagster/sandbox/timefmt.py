"""JIRA's date formats: `2024-03-05T10:11:12.345+0000` datetimes and ISO dates."""

from datetime import date, datetime, timedelta, timezone, tzinfo

_EPOCH_DAY = date(1970, 1, 1)


def format_datetime(ms: int, tz: tzinfo) -> str:
    """Epoch milliseconds as JIRA renders a datetime in the given zone."""
    # isoformat is C code and twice as fast as strftime; JIRA's offset has no colon.
    text = datetime.fromtimestamp(ms // 1000, tz).replace(microsecond=ms % 1000 * 1000).isoformat("T", "milliseconds")
    return text[:-3] + text[-2:]


def format_day(days: int) -> str:
    """Days since 1970-01-01 as an ISO date, how JIRA renders date-only fields."""
    return (_EPOCH_DAY + timedelta(days=days)).isoformat()


def to_datetime(ms: int) -> datetime:
    """Epoch milliseconds as an aware UTC datetime (millisecond precision)."""
    return datetime.fromtimestamp(ms // 1000, timezone.utc).replace(microsecond=ms % 1000 * 1000)


def now_ms() -> int:
    """The current time in epoch milliseconds."""
    return int(datetime.now(timezone.utc).timestamp() * 1000)
