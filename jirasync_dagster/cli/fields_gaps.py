"""What a column that syncs write again has missed meanwhile, and the commands that fill it."""

from datetime import timezone

import sqlalchemy as sa

from jirasync_dagster.mapping.history import NEVER_WRITTEN, unwritten_since
from jirasync_dagster.warehouse.schema import ISSUES_TABLE


def partitions_synced_since(conn: sa.Connection, since) -> dict[str, int]:
    """Partition (`instance:PROJECT`) -> its live rows synced after `since`."""
    rows = conn.execute(sa.text(
        f"SELECT instance || ':' || project_key, count(*) FROM {ISSUES_TABLE} "
        "WHERE deleted_at IS NULL AND synced_at > :since GROUP BY 1 ORDER BY 1"
    ), {"since": since})
    return dict(rows.all())


def fill_advice(conn: sa.Connection, history: list[dict], column: str, recreated: bool) -> list[str]:
    """Lines saying whether `column`, active again, lacks values, and the exact commands that fill them."""
    since = unwritten_since(history, column)
    lines = []
    if recreated and since != NEVER_WRITTEN:
        lines.append(f"column {column} was re-created empty: `jirasync fields backfill --column {column}` "
                     f"refills it from raw where raw holds its fields")
    # Syncs request only the fields of active mappings, so these rows' raw lacks the column's
    # fields: a backfill from raw cannot fill them, only reading them again from JIRA can.
    gap = partitions_synced_since(conn, since)
    if gap:
        when = "ever" if since == NEVER_WRITTEN else f"since {since.astimezone(timezone.utc):%Y-%m-%d %H:%M:%S} UTC"
        rows = sum(gap.values())
        lines.append(f"{rows} {'row was' if rows == 1 else 'rows were'} synced without {column} ({when}); their raw "
                     f"lacks its fields, so re-read them from JIRA: `jirasync sync --full {' '.join(gap)}`")
    elif not recreated:
        lines.append(f"no row was synced while {column} was not written: its values are complete")
    return lines
