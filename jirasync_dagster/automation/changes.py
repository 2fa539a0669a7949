"""One cheap search per instance: which projects have issues updated since a moment."""

import time
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from jirasync_dagster.jira import JiraClient
from jirasync_dagster.sync.row_builder import parse_jira_datetime
from jirasync_dagster.warehouse.schema import sync_state

# One page this size tells which projects changed in the last tick on all but the busiest sites;
# a fuller window is answered by syncing every partition of the instance.
SCAN_PAGE = 1000


@dataclass
class ChangeScan:
    """What one instance's change query found."""

    newest: dict[str, datetime] = field(default_factory=dict)  # project key -> newest `updated` seen
    complete: bool = True  # False: more changes than one page, so the project list is partial
    clock_ms: int = 0  # JIRA's clock when it answered: the next tick reads from here


def scan_changes(client: JiraClient, since_ms: int) -> ChangeScan:
    """Projects with issues updated at or after `since_ms` (epoch ms), from a single search page."""
    page = next(iter(client.search_pages(f"updated >= {int(since_ms)}", ["project", "updated"], page_size=SCAN_PAGE)))
    scan = ChangeScan(complete=page.next_page_token is None and len(page.issues) >= (page.total or 0))
    for issue in page.issues:
        fields = issue.get("fields") or {}
        project = (fields.get("project") or {}).get("key")
        updated = parse_jira_datetime(fields.get("updated"))
        if project and updated and (project not in scan.newest or updated > scan.newest[project]):
            scan.newest[project] = updated
    clock = page.server_date.timestamp() if page.server_date else time.time()
    scan.clock_ms = int(clock * 1000)
    return scan


def behind_watermark(conn: sa.Connection, newest: dict[str, datetime]) -> list[str]:
    """Of `newest` (partition -> newest change), the partitions whose watermark has not reached it."""
    marks = dict(conn.execute(
        sa.select(sync_state.c.partition_key, sync_state.c.watermark)
        .where(sync_state.c.partition_key.in_(list(newest)))
    ).all())
    return sorted(p for p, updated in newest.items() if marks.get(p) is None or marks[p] < updated)
