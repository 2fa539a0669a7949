"""A project's versions, components, boards and sprints (Cloud and Data Center), with requests counted.

`/project/{key}/versions` and `/components` answer a project's whole list at once; the
Agile REST API pages boards and sprints by startAt/maxResults until `isLast`.
"""

from collections import Counter
from urllib.parse import quote

from jirasync_dagster.jira.errors import JiraBadRequestError, JiraNotFoundError

AGILE = "/rest/agile/1.0"
AGILE_PAGE = 50  # the Agile API's cap on maxResults


class ProjectReader:
    """Reads the parts of one instance's projects; `requests` counts the requests sent per entity."""

    def __init__(self, client, page_size: int = AGILE_PAGE):
        self.client = client
        self.page_size = page_size
        self.requests: Counter = Counter()

    def versions(self, project_key: str) -> list[dict]:
        """Every version of the project, archived and released ones too."""
        return self._get("versions", f"{self.client.api}/project/{quote(project_key)}/versions") or []

    def components(self, project_key: str) -> list[dict]:
        """Every component of the project."""
        return self._get("components", f"{self.client.api}/project/{quote(project_key)}/components") or []

    def boards(self, project_key: str) -> list[dict]:
        """The boards JIRA lists for the project; none where the Agile API is missing (no JIRA Software)."""
        try:
            return self._paged("boards", f"{AGILE}/board", {"projectKeyOrId": project_key})
        except JiraNotFoundError:
            return []

    def sprints(self, board_id: int, states: tuple[str, ...] = ()) -> list[dict]:
        """A board's sprints, only those in `states` (e.g. active, future) when given; none for a kanban board."""
        params = {"state": ",".join(states)} if states else {}
        try:
            return self._paged("sprints", f"{AGILE}/board/{int(board_id)}/sprint", params)
        except JiraBadRequestError:
            return []  # "The board does not support sprints": kanban boards answer so

    def sprint(self, sprint_id: int) -> dict | None:
        """One sprint, or None when it was deleted."""
        try:
            return self._get("sprints", f"{AGILE}/sprint/{int(sprint_id)}")
        except JiraNotFoundError:
            return None

    def _get(self, entity: str, path: str, params: dict | None = None):
        self.requests[entity] += 1
        return self.client.transport.get(path, params)

    def _paged(self, entity: str, path: str, params: dict) -> list[dict]:
        found: list[dict] = []
        while True:
            page = self._get(entity, path, {**params, "startAt": len(found), "maxResults": self.page_size}) or {}
            values = page.get("values") or []
            found.extend(values)
            if page.get("isLast", True) or not values:
                return found
