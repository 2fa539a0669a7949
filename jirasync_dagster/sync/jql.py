"""The JQL a sync sends, built from validated parts only."""

from datetime import datetime, timedelta, timezone

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MS = timedelta(milliseconds=1)


def epoch_ms(moment: datetime) -> int:
    """`moment` as JQL's unquoted epoch milliseconds (free of any time zone reading), rounded down."""
    if moment.tzinfo is None:
        # A naive datetime would be read in this machine's zone, which JIRA knows nothing of.
        raise ValueError(f"{moment!r} has no time zone; JQL bounds need an aware datetime")
    # Integer arithmetic: float timestamps can land a millisecond off.
    return (moment - _EPOCH) // _MS


def project_filter(project_key: str, updated_since: datetime | None = None) -> str:
    """`project = "KEY"`, narrowed to issues updated at or after `updated_since`."""
    jql = f'project = "{project_key}"'
    if updated_since is not None:
        jql += f" AND updated >= {epoch_ms(updated_since)}"
    return jql


def ids_filter(issue_ids: list[int]) -> str:
    """Issues with any of these ids, whatever project they are in now."""
    return "id in (" + ", ".join(str(int(i)) for i in issue_ids) + ")"


def window_start(watermark: datetime | None, overlap_minutes: float) -> datetime | None:
    """Where an incremental read starts: the watermark minus the overlap."""
    return watermark - timedelta(minutes=overlap_minutes) if watermark else None
