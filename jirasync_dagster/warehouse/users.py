"""jira_users: which users a project's rows name, which of those need reading, and their rows."""

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from jirasync_dagster.warehouse.schema import ISSUES_TABLE, comments
from jirasync_dagster.warehouse.project_tables import components
from jirasync_dagster.warehouse.user_tables import users
from jirasync_dagster.warehouse.worklog_tables import worklogs



def _referenced(project: bool = True) -> str:
    """A query of the user keys the rows of the instance (`project`: of the project) name, NULLs included:
    assignees and reporters in the issue rows' raw fields, comment and worklog authors, component leads."""
    where = "instance = :instance" + (" AND project_key = :project" if project else "")
    issue_users = " UNION ".join(
        f"SELECT coalesce(raw->'fields'->'{f}'->>'accountId', raw->'fields'->'{f}'->>'name') FROM {ISSUES_TABLE} "
        f"WHERE {where} AND deleted_at IS NULL" for f in ("assignee", "reporter"))
    return " UNION ".join([issue_users, *(f"SELECT {column} FROM {table.name} WHERE {where}" for table, column in (
        (comments, "author_id"), (worklogs, "author_id"), (components, "lead_id")))])


def users_due(conn: sa.Connection, instance: str, project: str, stale_after: timedelta) -> list[str]:
    """Keys of the users the project's rows name that have no row, or one read longer than `stale_after` ago."""
    return sorted(conn.execute(sa.text(
        f"SELECT k FROM ({_referenced()}) AS r(k) WHERE k IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {users.name} u "
        "WHERE u.instance = :instance AND u.user_key = r.k AND u.synced_at > now() - :stale)"),
        {"instance": instance, "project": project, "stale": stale_after}).scalars())


def referenced_count(instance: str, project: str) -> sa.TextClause:
    """A query of how many jira_users rows the project's rows name."""
    return sa.text(f"SELECT count(*) FROM {users.name} u WHERE u.instance = :instance "
                   f"AND u.user_key IN ({_referenced()})").bindparams(instance=instance, project=project)


def store_users(conn: sa.Connection, instance: str, asked: list[str], found: list[dict]) -> int:
    """Write the users JIRA returned for the keys `asked`, each row's read time renewed; a key JIRA did not answer
    for (a deleted account) gets a row of NULLs and `raw` JSON null, asked again when stale. Returns how many
    rows are new or changed."""
    if not asked:
        return 0
    by_key = {u.get("accountId") or u.get("name"): u for u in found}
    rows = [{"instance": instance, "user_key": key, "display_name": u.get("displayName"),
             "email": u.get("emailAddress") or None, "active": u.get("active"), "time_zone": u.get("timeZone"),
             "raw": u or None} for key in asked for u in [by_key.get(key) or {}]]
    before = dict(conn.execute(sa.select(users.c.user_key, users.c.raw).where(
        users.c.instance == instance, users.c.user_key.in_(asked))).all())
    statement = insert(users).values(rows)
    columns = ("display_name", "email", "active", "time_zone", "raw")
    conn.execute(statement.on_conflict_do_update(
        index_elements=["instance", "user_key"],
        set_={**{c: statement.excluded[c] for c in columns}, "synced_at": sa.func.now()}))
    return sum(1 for row in rows if row["user_key"] not in before or before[row["user_key"]] != row["raw"])


def forget_unnamed_users(conn: sa.Connection, instance: str) -> int:
    """Delete the instance's users no row names any more (after `jirasync reset`); returns how many."""
    return conn.execute(sa.text(
        f"DELETE FROM {users.name} u WHERE u.instance = :instance AND u.user_key NOT IN "
        f"(SELECT k FROM ({_referenced(project=False)}) AS r(k) WHERE k IS NOT NULL)"), {"instance": instance}).rowcount
