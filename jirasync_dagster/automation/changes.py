"""One cheap search per instance: which projects have issues updated since a moment."""

import time
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from jirasync_dagster.jira import JiraClient
from jirasync_dagster.sync.row_builder import parse_jira_datetime
from jirasync_dagster.warehouse.schema import issues

# One page this size tells which projects changed in the last tick on all but the busiest sites;
# a fuller window is answered by syncing every partition of the instance.
SCAN_PAGE = 1000


@dataclass
class ChangeScan:
    """What one instance's change query found."""

    changed: dict[int, tuple[str, datetime]] = field(default_factory=dict)  # issue id -> (project, updated)
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
        if project and updated:
            scan.changed[int(issue["id"])] = (project, updated)
    clock = page.server_date.timestamp() if page.server_date else time.time()
    scan.clock_ms = int(clock * 1000)
    return scan


def not_yet_synced(conn: sa.Connection, instance: str, changed: dict[int, tuple[str, datetime]]) -> list[str]:
    """Partitions holding a changed issue whose row is missing, older, elsewhere or soft-deleted."""
    if not changed:
        return []
    rows = {issue_id: (project, updated, deleted) for issue_id, project, updated, deleted in conn.execute(
        sa.select(issues.c.issue_id, issues.c.project_key, issues.c.updated, issues.c.deleted_at)
        .where(issues.c.instance == instance, issues.c.issue_id.in_(list(changed)))
    )}
    # Compared issue by issue, not with the watermark: the watermark may trail the newest row by
    # design (it stops short of JIRA's clock), and would ask for runs that have nothing to read.
    return sorted({
        f"{instance}:{project}" for issue_id, (project, updated) in changed.items()
        if issue_id not in rows or rows[issue_id][0] != project or rows[issue_id][1] is None
        or rows[issue_id][1] < updated or rows[issue_id][2] is not None
    })
