"""What a column that syncs write again has missed meanwhile, and the commands that fill it."""

from datetime import timezone

import sqlalchemy as sa

from jirasync_dagster.mapping import FieldMapping, IssueConverter
from jirasync_dagster.mapping.history import NEVER_WRITTEN, unwritten_since
from jirasync_dagster.warehouse import read_states
from jirasync_dagster.warehouse.schema import ISSUES_TABLE


def partitions_synced_since(conn: sa.Connection, since) -> dict[str, int]:
    """Partition (`instance:PROJECT`) -> its live rows synced after `since`."""
    rows = conn.execute(sa.text(
        f"SELECT instance || ':' || project_key, count(*) FROM {ISSUES_TABLE} "
        "WHERE deleted_at IS NULL AND synced_at > :since GROUP BY 1 ORDER BY 1"
    ), {"since": since})
    return dict(rows.all())


def rereading_partitions(conn: sa.Connection, mapping: FieldMapping, partitions: list[str]) -> list[str]:
    """The `partitions` whose rows' raw lacks fields `mapping` reads: their next sync reads them whole again."""
    states = read_states(conn, partitions)
    return [p for p in partitions if states[p].lacks_fields(IssueConverter([mapping], p.split(":")[0]).jira_fields)]


def fill_advice(conn: sa.Connection, history: list[dict], mapping: FieldMapping, recreated: bool) -> list[str]:
    """Lines saying whether `mapping`'s column, written again, lacks values, and the exact commands that fill them."""
    column, since = mapping.column, unwritten_since(history, mapping.column)
    gap = partitions_synced_since(conn, since)
    rereads = rereading_partitions(conn, mapping, list(gap))
    lines = []
    if gap.keys() - set(rereads) or (recreated and since != NEVER_WRITTEN):
        what = "was re-created empty" if recreated else "is stale or empty in rows synced while it was not written"
        lines.append(f"column {column} {what}: `jirasync fields backfill --column {column}` fills it from the "
                     f"stored raw JSON")
    if rereads:
        rows = sum(gap[p] for p in rereads)
        when = "ever" if since == NEVER_WRITTEN else f"since {since.astimezone(timezone.utc):%Y-%m-%d %H:%M:%S} UTC"
        lines.append(f"{rows} {'row was' if rows == 1 else 'rows were'} synced without {column} ({when}) and their "
                     f"raw lacks its fields: the next sync of {', '.join(rereads)} reads them whole again and fills "
                     f"it; now: `jirasync sync {' '.join(rereads)}`")
    return lines or [f"no row was synced while {column} was not written: its values are complete"]
