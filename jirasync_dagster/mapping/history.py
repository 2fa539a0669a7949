"""What the mapping history says of a column: since when syncs have not written it."""

from datetime import datetime, timezone

# Syncs write a column only while its mapping is active; one never active was never written.
NEVER_WRITTEN = datetime.min.replace(tzinfo=timezone.utc)


def active_in(mapping_set: list[dict], column: str) -> bool:
    """Whether a stored mapping set (a version's `before` or `after`) has an active mapping of `column`."""
    return any(data["column"] == column and data["active"] for data in mapping_set)


def unwritten_since(history: list[dict], column: str) -> datetime:
    """When the last version that disabled or removed `column` was made; NEVER_WRITTEN if none did."""
    since = NEVER_WRITTEN
    for version in history:
        if active_in(version["before"], column) and not active_in(version["after"], column):
            since = version["changed_at"]
    return since
