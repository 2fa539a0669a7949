"""The warehouse's and the sandbox's worklogs side by side, for exactness checks."""

import sqlalchemy as sa


def worklogs_view(warehouse, instance: str) -> dict[int, tuple]:
    """Live worklogs as {worklog id: (issue id, project, updated ms)}."""
    with warehouse.engine.connect() as conn:
        return {w: (i, p, int(u.timestamp() * 1000)) for w, i, p, u in conn.execute(sa.text(
            "SELECT worklog_id, issue_id, project_key, updated FROM jira_worklogs "
            "WHERE instance = :i AND deleted_at IS NULL"), {"i": instance})}


def sandbox_worklogs(server, instance: str, projects=None) -> dict[int, tuple]:
    """The sandbox's visible worklogs (of `projects`, default all) in the shape of `worklogs_view`."""
    return {w: v for w, v in server.instance(instance).worklogs.snapshot().items()
            if projects is None or v[1] in projects}


def worklog_requests(server, instance: str) -> dict[str, int]:
    """Worklog requests the sandbox logged for `instance` since its log was cleared, by kind."""
    kinds = {"/worklog/updated": "updated", "/worklog/deleted": "deleted", "/worklog/list": "list", "/worklog": "issue"}
    counts: dict[str, int] = {}
    for _, _, path, _ in server.instance(instance).request_log:
        kind = next((k for suffix, k in kinds.items() if path.endswith(suffix)), None)
        if kind:
            counts[kind] = counts.get(kind, 0) + 1
    return counts
