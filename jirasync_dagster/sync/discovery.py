"""Project discovery: an instance's projects stored, and the partition keys they give."""

import sqlalchemy as sa

from jirasync_dagster.sync.partition_key import InvalidPartitionKey, partition_key
from jirasync_dagster.warehouse.catalog import store_projects
from jirasync_dagster.warehouse.schema import projects


class NoProjectsVisible(RuntimeError):
    """An instance lists no projects although projects were discovered on it before."""


def discover_partitions(client, engine: sa.Engine, log) -> list[str]:
    """Store the projects `client` sees and return their partition keys; odd keys are skipped and logged."""
    found = client.projects()
    with engine.begin() as conn:
        if not found:
            known = conn.execute(sa.select(sa.func.count()).select_from(projects).where(
                projects.c.instance == client.name, projects.c.removed_at.is_(None))).scalar()
            if known:
                # An empty list where projects were is lost permission, not every project deleted.
                raise NoProjectsVisible(
                    f"{client.name} lists no projects although {known} were discovered before; this looks "
                    "like lost permission, so nothing was changed — check the account's project access"
                )
        keys = store_projects(conn, client.name, found)
    partitions = []
    for key in keys:
        try:
            partitions.append(partition_key(client.name, key))
        except InvalidPartitionKey as exc:
            log.warning(f"skipping project {key} of {client.name}: {exc}")
    return partitions
