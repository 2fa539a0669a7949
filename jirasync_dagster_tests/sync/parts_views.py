"""The project parts as the sandbox holds them and as the warehouse mirrors them, in comparable shapes."""

import sqlalchemy as sa

from jirasync_dagster.jira import JiraClient, connections_from_env
from jirasync_dagster.warehouse.catalog import store_fields

PART_QUERIES = {
    "versions": "SELECT version_id, name, archived, released FROM jira_versions "
                "WHERE instance = :i AND project_key = :p AND deleted_at IS NULL",
    "components": "SELECT component_id, name, description FROM jira_components "
                  "WHERE instance = :i AND project_key = :p AND deleted_at IS NULL",
    "boards": "SELECT board_id, name, type FROM jira_boards "
              "WHERE instance = :i AND project_key = :p AND deleted_at IS NULL",
    "sprints": "SELECT s.sprint_id, s.state, s.name FROM jira_sprints s JOIN jira_boards b USING (instance, board_id) "
               "WHERE s.instance = :i AND b.project_key = :p AND s.deleted_at IS NULL",
    "sprint_issues": "SELECT m.sprint_id, m.issue_id FROM jira_sprint_issues m JOIN jira_issues_v2 i "
                     "USING (instance, issue_id) WHERE m.instance = :i AND i.project_key = :p",
}


def warehouse_parts(warehouse, instance: str, project: str) -> dict[str, set]:
    """Live rows of each part table for one project, as sets of tuples."""
    with warehouse.engine.connect() as conn:
        return {part: {tuple(row) for row in conn.execute(sa.text(query), {"i": instance, "p": project})}
                for part, query in PART_QUERIES.items()}


def sandbox_parts(server, instance: str, project: str) -> dict[str, set]:
    """The same parts as the sandbox holds them now."""
    store = server.instance(instance)
    api = 3 if store.spec.is_cloud else 2
    boards = {i: b for i, b in store.agile.boards.items() if b["project"] == project}
    return {
        "versions": {(int(v["id"]), v["name"], v["archived"], v["released"])
                     for v in store.parts.of_project("versions", project, api)},
        "components": {(int(c["id"]), c["name"], c["description"])
                       for c in store.parts.of_project("components", project, api)},
        "boards": {(i, b["name"], b["type"]) for i, b in boards.items()},
        "sprints": {(i, s["state"], s["name"]) for i, s in store.agile.sprints.items() if s["board"] in boards},
        "sprint_issues": {(sprint, r.id) for r in store.records_in([project]) for sprint in store.agile.sprint_ids(r)},
    }


def deleted_ids(warehouse, table: str, key: str, instance: str) -> set[int]:
    """Ids of a part table's soft-deleted rows."""
    with warehouse.engine.connect() as conn:
        return set(conn.execute(sa.text(f"SELECT {key} FROM {table} WHERE instance = :i AND deleted_at IS NOT NULL"),
                                {"i": instance}).scalars())


def cache_fields(server, warehouse, instance: str, env: dict | None = None) -> None:
    """Fill jira_field_cache for an instance, as the jira_fields asset does before syncs run."""
    (connection,) = [c for c in connections_from_env(env or server.env()) if c.name == instance]
    with JiraClient(connection) as client, warehouse.engine.begin() as conn:
        store_fields(conn, instance, client.fields())


def part_paths(server, instance: str) -> list[str]:
    """The logged request paths for project parts (versions, components, Agile API) since the last clear."""
    return sorted(path for _, _, path, _ in server.instance(instance).request_log
                  if "/rest/agile/" in path or path.endswith(("/versions", "/components")))
