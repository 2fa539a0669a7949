"""One cheap search per instance: which projects have issues that the warehouse does not hold yet."""

import time
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from jirasync_dagster.jira import JiraClient
from jirasync_dagster.sync.row_builder import parse_jira_datetime
from jirasync_dagster.warehouse.schema import issues

# A scan lists at most this many changed issues (fields project and updated only); a busier
# window is answered by syncing every partition the query covered.
SCAN_LIMIT = 1000
# Projects per watermark query: keeps the JQL of a 200-project site at a few kilobytes.
PROJECTS_PER_QUERY = 150


@dataclass
class ChangeScan:
    """What one change query found."""

    changed: dict[int, tuple[str, datetime]] = field(default_factory=dict)  # issue id -> (project, updated)
    complete: bool = True  # False: more changes than SCAN_LIMIT, so the project list is partial
    clock_ms: int = 0  # JIRA's clock when it answered: the next tick reads from here


def scan(client: JiraClient, jql: str) -> ChangeScan:
    """The issues matching `jql` (project and updated only), up to SCAN_LIMIT of them."""
    result, clock = ChangeScan(complete=False), None
    for page in client.search_pages(jql, ["project", "updated"], page_size=SCAN_LIMIT):
        clock = clock or page.server_date
        for issue in page.issues:
            fields = issue.get("fields") or {}
            project = (fields.get("project") or {}).get("key")
            updated = parse_jira_datetime(fields.get("updated"))
            if project and updated:
                result.changed[int(issue["id"])] = (project, updated)
        if len(result.changed) >= SCAN_LIMIT:
            break
    else:
        result.complete = True
    result.clock_ms = int((clock.timestamp() if clock else time.time()) * 1000)
    return result


def scan_changes(client: JiraClient, since_ms: int) -> ChangeScan:
    """Issues of any project updated at or after `since_ms` (epoch ms): the change sensor's query."""
    return scan(client, f"updated >= {int(since_ms)}")


def watermark_query(starts_ms: dict[str, int]) -> str:
    """JQL for issues updated at or after each project's own start: `(project = "A" AND updated >= t) OR …`."""
    return " OR ".join(f'(project = "{project}" AND updated >= {int(ms)})' for project, ms in sorted(starts_ms.items()))


def scan_since_watermarks(client: JiraClient, starts_ms: dict[str, int]) -> list[tuple[list[str], ChangeScan]]:
    """Each query's projects and what it found, for every project read from its own watermark."""
    projects = sorted(starts_ms)
    chunks = [projects[i:i + PROJECTS_PER_QUERY] for i in range(0, len(projects), PROJECTS_PER_QUERY)]
    return [(chunk, scan(client, watermark_query({p: starts_ms[p] for p in chunk}))) for chunk in chunks]


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
