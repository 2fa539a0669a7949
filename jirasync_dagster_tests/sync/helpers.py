"""Building blocks for sync tests: clients on the sandbox and the warehouse's view of it."""

import sqlalchemy as sa

from jirasync_dagster.jira import JiraClient, connections_from_env
from jirasync_dagster.mapping import IssueConverter
from jirasync_dagster.mapping.rollout import active_mappings_with_columns
from jirasync_dagster.sync import SyncOptions, sync_partition
from jirasync_dagster.warehouse import Warehouse, read_state


def client_for(server, instance: str) -> JiraClient:
    """A JIRA client on one sandbox instance."""
    (connection,) = [c for c in connections_from_env(server.env()) if c.name == instance]
    return JiraClient(connection)


def search_requests(server, *instances: str) -> int:
    """How many search requests the sandbox logged for `instances` (all of them by default) since the last clear."""
    names = instances or [spec.name for spec in server.specs]
    return sum("/search" in path for name in names for _, _, path, _ in server.instance(name).request_log)


def ready_warehouse(database_url: str) -> tuple[Warehouse, list]:
    """A warehouse with its tables and the default mapping columns."""
    warehouse = Warehouse(database_url)
    warehouse.create_tables()
    return warehouse, active_mappings_with_columns(warehouse.engine)


def sync(server, warehouse, mappings, partition: str, **options):
    """Sync one partition of the sandbox; returns the report."""
    client = client_for(server, partition.split(":")[0])
    try:
        return run_sync(client, warehouse, mappings, partition, **options)
    finally:
        client.close()


def warehouse_view(warehouse, instance: str, project: str | None = None) -> dict[int, tuple]:
    """Live rows as {issue_id: (key, project, updated)}."""
    query = "SELECT issue_id, issue_key, project_key, updated FROM jira_issues_v2 WHERE instance = :i AND deleted_at IS NULL"
    params = {"i": instance}
    if project:
        query += " AND project_key = :p"
        params["p"] = project
    with warehouse.engine.connect() as conn:
        return {i: (k, p, u) for i, k, p, u in conn.execute(sa.text(query), params)}


def sandbox_view(server, instance: str, project: str | None = None) -> dict[int, tuple]:
    """The sandbox's live issues in the same shape as `warehouse_view`."""
    return {int(s["id"]): (s["key"], s["project_key"], s["updated"])
            for s in server.instance(instance).snapshot(project)}


class HookedClient:
    """A real client whose searches call `hook(jql)` after each page they yield, e.g. to mutate JIRA mid-read."""

    def __init__(self, client, hook):
        self._client, self._hook = client, hook
        self.searched: list[str] = []

    def __getattr__(self, name):
        return getattr(self._client, name)

    def search_pages(self, jql_filter, fields, **kwargs):
        """The wrapped client's pages, with the hook run between them."""
        self.searched.append(jql_filter)
        for page in self._client.search_pages(jql_filter, fields, **kwargs):
            yield page
            self._hook(jql_filter)


def run_sync(client, warehouse, mappings, partition: str, **options):
    """Sync one partition through `client` (which may be hooked); returns the report."""
    converter = IssueConverter(mappings, partition.split(":")[0])
    return sync_partition(client, warehouse, converter, partition, SyncOptions(**options))


def watermark_of(warehouse, partition: str):
    """The partition's stored watermark, or None."""
    with warehouse.engine.connect() as conn:
        return read_state(conn, partition).watermark


def comments_view(warehouse, instance: str) -> dict[int, tuple]:
    """Live comments as {comment_id: (issue_id, project, updated)}, as the sandbox's comment_snapshot has them."""
    with warehouse.engine.connect() as conn:
        return {c: (i, p, u) for c, i, p, u in conn.execute(sa.text(
            "SELECT comment_id, issue_id, project_key, updated FROM jira_issue_comments "
            "WHERE instance = :i AND deleted_at IS NULL"), {"i": instance})}


def links_view(warehouse, instance: str) -> set[tuple]:
    """Link sides as the sandbox's link_snapshot has them: (link, issue, direction, type, other id, other key)."""
    with warehouse.engine.connect() as conn:
        return set(conn.execute(sa.text(
            "SELECT link_id, issue_id, direction, link_type_name, other_issue_id, other_issue_key "
            "FROM jira_issue_links WHERE instance = :i"), {"i": instance}).all())


def assert_extras_mirror(server, warehouse, instance: str) -> None:
    """The instance's comments and link sides in the warehouse are exactly the sandbox's."""
    jira = server.instance(instance)
    assert comments_view(warehouse, instance) == jira.comment_snapshot()
    assert links_view(warehouse, instance) == jira.link_snapshot()


def sync_all(server, warehouse, mappings, instance: str, **options) -> list:
    """Sync every project of `instance` in the sandbox, reconciling each; their reports."""
    projects = server.instance(instance).spec.projects
    return [sync(server, warehouse, mappings, f"{instance}:{p}", reconcile=True, **options) for p in projects]
