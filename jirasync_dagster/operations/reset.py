"""Resetting partitions: synced rows (issues, their comments, links and worklogs, users no row names any more) and
watermarks go, mappings and their history stay."""

from dataclasses import dataclass

import sqlalchemy as sa

from jirasync_dagster.sync.partition_key import split_partition_key
from jirasync_dagster.warehouse.locks import PartitionBusyError, lock_id
from jirasync_dagster.warehouse.part_reset import delete_parts
from jirasync_dagster.warehouse.schema import comments, issues, links, sync_state
from jirasync_dagster.warehouse.users import forget_unnamed_users
from jirasync_dagster.warehouse.worklogs import reset_worklogs


@dataclass(frozen=True)
class PartitionReset:
    """What a reset deletes from one partition."""

    partition_key: str
    rows: int            # rows of jira_issues_v2, live and soft-deleted
    watermark: bool      # whether a jira_sync_state row exists


def plan_reset(conn: sa.Connection, partitions: list[str] | None = None) -> list[PartitionReset]:
    """Per partition (the given ones, else every one with rows or state), what a reset would delete."""
    row_counts = {
        f"{instance}:{project}": count
        for instance, project, count in conn.execute(
            sa.select(issues.c.instance, issues.c.project_key, sa.func.count())
            .group_by(issues.c.instance, issues.c.project_key))
    }
    with_state = set(conn.execute(sa.select(sync_state.c.partition_key)).scalars())
    if partitions is None:
        keys = sorted(set(row_counts) | with_state)
    else:
        for key in partitions:
            split_partition_key(key)
        unknown = [k for k in partitions if k not in row_counts and k not in with_state]
        if unknown:
            known = sorted(set(row_counts) | with_state)
            raise ValueError(f"nothing synced for {', '.join(unknown)}; partitions with rows or a watermark: "
                             f"{', '.join(known) or 'none'}")
        keys = list(dict.fromkeys(partitions))
    return [PartitionReset(k, row_counts.get(k, 0), k in with_state) for k in keys]


def execute_reset(engine: sa.Engine, plan: list[PartitionReset]) -> int:
    """Delete the planned partitions' rows (with their comments and links) and watermarks in one transaction;
    returns the issue rows deleted.

    Each partition's advisory lock is taken first (without waiting): while a sync runs, the
    reset refuses and deletes nothing.
    """
    deleted = 0
    with engine.begin() as conn:
        for item in plan:
            if not conn.execute(sa.select(sa.func.pg_try_advisory_xact_lock(lock_id(item.partition_key)))).scalar():
                raise PartitionBusyError(f"{item.partition_key} is being synced now; nothing was reset, try again "
                                         "when the run has finished")
        for item in plan:
            instance, project = split_partition_key(item.partition_key)
            delete_parts(conn, instance, project)  # before the issues its membership rows are found by
            reset_worklogs(conn, instance, project)  # likewise
            deleted += conn.execute(
                sa.delete(issues).where(issues.c.instance == instance, issues.c.project_key == project)).rowcount
            for table in (comments, links):
                conn.execute(sa.delete(table).where(table.c.instance == instance, table.c.project_key == project))
            conn.execute(sa.delete(sync_state).where(sync_state.c.partition_key == item.partition_key))
            forget_unnamed_users(conn, instance)  # users are the instance's: only those no row names now go
    return deleted
