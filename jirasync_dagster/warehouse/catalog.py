"""What discovery learnt about each instance: its projects and its fields."""

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from jirasync_dagster.warehouse.schema import field_cache, projects


def store_projects(conn: sa.Connection, instance: str, found: Iterable[dict]) -> list[str]:
    """Record the projects seen on `instance` now; mark the ones gone as removed. Returns their keys."""
    rows = [
        {"instance": instance, "project_key": p["key"], "project_id": str(p.get("id") or ""),
         "name": p.get("name"), "partition_key": f"{instance}:{p['key']}"}
        for p in found
    ]
    if rows:
        statement = insert(projects).values(rows)
        conn.execute(statement.on_conflict_do_update(
            index_elements=["instance", "project_key"],
            set_={"project_id": statement.excluded.project_id, "name": statement.excluded.name,
                  "last_seen_at": sa.func.now(), "removed_at": None},
        ))
    keys = [r["project_key"] for r in rows]
    conn.execute(
        sa.update(projects)
        .where(projects.c.instance == instance, projects.c.project_key.not_in(keys), projects.c.removed_at.is_(None))
        .values(removed_at=sa.func.now())
    )
    return keys


def active_partitions(conn: sa.Connection) -> list[str]:
    """Partition keys of projects that are present and not disabled."""
    return list(conn.execute(
        sa.select(projects.c.partition_key)
        .where(projects.c.active, projects.c.removed_at.is_(None))
        .order_by(projects.c.partition_key)
    ).scalars())


def store_fields(conn: sa.Connection, instance: str, fields: list[dict]) -> int:
    """Replace the cached `/field` list of `instance`. Returns how many fields were stored."""
    conn.execute(sa.delete(field_cache).where(field_cache.c.instance == instance))
    rows = [
        {"instance": instance, "field_id": f["id"], "name": f.get("name"), "custom": bool(f.get("custom")),
         "schema": f.get("schema")}
        for f in fields if f.get("id")
    ]
    if rows:
        conn.execute(insert(field_cache), rows)
    return len(rows)
