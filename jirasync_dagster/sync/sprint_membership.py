"""Sprint membership of a project's issues, taken from the Sprint field of their stored rows."""

import logging

import sqlalchemy as sa

from jirasync_dagster.mapping.sprint_values import SPRINT_FIELD_TYPE, sprint_field_ids, sprint_id
from jirasync_dagster.warehouse.locks import transaction_lock
from jirasync_dagster.warehouse.schema import field_cache
from jirasync_dagster.warehouse.sprint_members import forget_memberships, pending_memberships, replace_memberships

CHUNK = 2000
logger = logging.getLogger("jirasync.sync")


def sprint_fields(client, warehouse) -> list[str]:
    """The instance's Sprint field ids: from jira_field_cache (no request), else from JIRA's `/field`."""
    with warehouse.engine.connect() as conn:
        cached = conn.execute(sa.select(field_cache.c.field_id, field_cache.c.schema)
                              .where(field_cache.c.instance == client.name)).all()
    if cached:
        return sprint_field_ids([{"id": f, "schema": schema} for f, schema in cached])
    return sprint_field_ids(client.fields())


def sync_memberships(warehouse, instance: str, project: str, field_ids: list[str], report,
                     log=logger) -> set[int]:
    """Bring the membership of every pending issue of the project up to date; returns the sprint ids they name.

    After a full read every issue's is taken again (its rows may have gained the Sprint field).
    """
    referenced: set[int] = set()
    after = 0
    if report.mode == "full":
        with warehouse.engine.begin() as conn:
            forget_memberships(conn, instance, project)
    while True:
        with warehouse.engine.begin() as conn:
            # Partitions share issues that move between projects: one membership writer per instance.
            transaction_lock(conn, f"sprints:{instance}")
            pending = pending_memberships(conn, instance, project, field_ids, after, CHUNK)
            if not pending:
                return referenced
            members = {p.issue_id: {} if p.deleted else _members(p, report, log) for p in pending}
            report.part_rows["sprint_issues"] += replace_memberships(conn, instance, pending, members)
        for found in members.values():
            referenced |= found.keys()
        after = pending[-1].issue_id


def _members(pending, report, log) -> dict[int, object]:
    """{sprint id: the field's element} of one issue; an element naming no sprint is counted and skipped."""
    found = {}
    for value in pending.values:
        sprint = sprint_id(value)
        if sprint is None:
            # The issue's row keeps the value in `raw`; one odd element must not cost the others.
            if not report.sprint_values_unparsed:
                log.warning(f"{report.partition_key}: a {SPRINT_FIELD_TYPE} value names no sprint "
                            f"(issue {pending.issue_id}: {str(value)[:120]!r}); counted, its row keeps it in raw")
            report.sprint_values_unparsed += 1
            continue
        found[sprint] = value
    return found
