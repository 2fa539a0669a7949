"""Discovered projects with their warehouse state, and switching their partitions on and off."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from jirasync_dagster.warehouse.schema import issues, projects, sync_state


class ProjectNotFound(ValueError):
    """A project reference that matches no discovered project (or several)."""


@dataclass(frozen=True)
class ProjectStatus:
    """One discovered project as `jirasync projects` shows it."""

    partition_key: str
    instance: str
    project_key: str
    name: str | None
    active: bool
    removed_at: datetime | None
    live_rows: int
    deleted_rows: int
    last_sync_at: datetime | None
    watermark: datetime | None
    last_checked_at: datetime | None  # automation found nothing new in JIRA then


def project_statuses(conn: sa.Connection) -> list[ProjectStatus]:
    """Every project discovery has stored, with row counts and the partition's sync state."""
    counts = (
        sa.select(issues.c.instance, issues.c.project_key,
                  sa.func.count().filter(issues.c.deleted_at.is_(None)).label("live"),
                  sa.func.count().filter(issues.c.deleted_at.is_not(None)).label("deleted"))
        .group_by(issues.c.instance, issues.c.project_key).subquery()
    )
    query = (
        sa.select(projects.c.partition_key, projects.c.instance, projects.c.project_key, projects.c.name,
                  projects.c.active, projects.c.removed_at, sa.func.coalesce(counts.c.live, 0),
                  sa.func.coalesce(counts.c.deleted, 0), sync_state.c.last_sync_at, sync_state.c.watermark,
                  sync_state.c.last_checked_at)
        .select_from(projects)
        .outerjoin(counts, sa.and_(counts.c.instance == projects.c.instance,
                                   counts.c.project_key == projects.c.project_key))
        .outerjoin(sync_state, sync_state.c.partition_key == projects.c.partition_key)
        .order_by(projects.c.instance, projects.c.project_key)
    )
    return [ProjectStatus(*row) for row in conn.execute(query)]


def resolve_project(conn: sa.Connection, reference: str) -> str:
    """The partition key of `reference`: a partition key (`instance_1:ENG`) or a project key found once."""
    if ":" in reference:
        instance, _, key = reference.partition(":")
        where = sa.and_(projects.c.instance == instance, projects.c.project_key == key.upper())
    else:
        where = projects.c.project_key == reference.upper()
    found = list(conn.execute(sa.select(projects.c.partition_key).where(where)).scalars())
    if len(found) == 1:
        return found[0]
    known = list(conn.execute(sa.select(projects.c.partition_key).order_by(projects.c.partition_key)).scalars())
    if found:
        raise ProjectNotFound(f"{reference!r} is a project on several instances ({', '.join(sorted(found))}); "
                              "give the partition key")
    raise ProjectNotFound(f"no discovered project {reference!r}; known: {', '.join(known) or 'none'} "
                          "(`jirasync projects --discover` looks again)")


def set_active(conn: sa.Connection, partition_key: str, active: bool) -> bool:
    """Enable or disable a partition; returns whether anything changed. Its rows are kept either way."""
    result = conn.execute(
        sa.update(projects).where(projects.c.partition_key == partition_key, projects.c.active.is_not(active))
        .values(active=active)
    )
    return result.rowcount > 0


def inactive_partitions(conn: sa.Connection) -> set[str]:
    """Partition keys an operator disabled (what `jirasync sync` without arguments skips)."""
    return set(conn.execute(sa.select(projects.c.partition_key).where(sa.not_(projects.c.active))).scalars())
