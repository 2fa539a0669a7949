"""The user step of a partition sync: the users its rows name, read only when unseen or stale.

Runs last, after the issues, project parts and worklogs, so it sees every user they name:
assignees and reporters (from the issue rows' raw fields), comment and worklog authors,
component leads. A user read within STALE_AFTER is not asked for again, so a sync where nothing
changed sends no user request; a renamed user shows within that window. `JIRA_SKIP_<n>=users`
turns it off.
"""

import logging
from datetime import timedelta

from jirasync_dagster.jira.users import UserReader
from jirasync_dagster.sync.partition_key import split_partition_key
from jirasync_dagster.warehouse.users import store_users, users_due

logger = logging.getLogger("jirasync.sync")
STALE_AFTER = timedelta(days=7)


def sync_users(client, warehouse, partition: str, report, log=logger) -> None:
    """Read the partition's unseen and stale users in bulk and write them; count in `report`."""
    if "users" in set(getattr(client.connection, "skip", ())):
        return
    instance, project = split_partition_key(partition)
    with warehouse.engine.connect() as conn:
        due = users_due(conn, instance, project, STALE_AFTER)
    if not due:
        return
    reader = UserReader(client)
    found = reader.users(due)
    with warehouse.engine.begin() as conn:
        report.users_written += store_users(conn, instance, due, found)
    report.user_requests += reader.requests["users"]
    log.info(f"{partition}: {len(found)} of {len(due)} unseen or stale users read in {report.user_requests} requests")
