"""Versions and components of each sandbox project: seeded, mutable, and how issues embed them."""

import threading

from . import catalog as c
from .timefmt import format_day

SEEDED_VERSIONS = 6
FIRST_ADDED_ID = 500_000  # ids of versions and components added by mutations


class ProjectParts:
    """The versions and components of one instance's projects; issues refer to the seeded ones by index."""

    def __init__(self, instance):
        self.instance = instance
        self.lock = threading.RLock()
        self.versions: dict[int, dict] = {}
        self.components: dict[int, dict] = {}
        self._next_id = FIRST_ADDED_ID
        self._refs: dict = {}  # (project, api) -> (components by index, versions by index)
        for project in instance.projects.values():
            self.seed(project)

    def seed(self, project) -> None:
        """Give a project its seeded versions and components (ids project id * 10 + index)."""
        with self.lock:
            for i in range(SEEDED_VERSIONS):
                self.versions[project.id * 10 + i] = {
                    "project": project.key, "name": f"{project.key} {1 + i // 3}.{i % 3}",
                    "description": f"Release {1 + i // 3}.{i % 3} of {project.name}", "archived": False,
                    "released": i < 4, "releaseDate": format_day(19800 + 30 * i)}
            for i, name in enumerate(c.COMPONENTS):
                self.components[project.id * 10 + i] = {
                    "project": project.key, "name": name, "description": f"{name} of {project.name}", "lead": i}
            self._refs = {}

    def add(self, kind: str, project_key: str, name: str) -> int:
        """A new version or component (`kind`) in a project; returns its id."""
        with self.lock:
            self.instance._project(project_key)
            self._next_id += 1
            if kind == "versions":
                part = {"name": name, "description": "", "archived": False, "released": False}
            else:
                part = {"name": name, "description": "", "lead": None}
            self._store(kind)[self._next_id] = {"project": project_key, **part}
            self._refs = {}
            return self._next_id

    def change(self, kind: str, part_id: int, **values) -> None:
        """Rename, archive or release one (name, description, archived, released)."""
        with self.lock:
            part = self._part(kind, part_id)
            settable = {"name", "description", *(("archived", "released") if kind == "versions" else ())}
            unknown = set(values) - settable
            if unknown:
                raise ValueError(f"cannot set {', '.join(sorted(unknown))} of a {kind[:-1]}")
            self._store(kind)[part_id] = {**part, **values}
            self._refs = {}

    def delete(self, kind: str, part_id: int) -> None:
        """Remove one; issues stop showing it."""
        with self.lock:
            self._part(kind, part_id)
            del self._store(kind)[part_id]
            self._refs = {}

    def of_project(self, kind: str, project_key: str, api: int) -> list[dict]:
        """A project's versions or components as `/project/{key}/{kind}` lists them, by id."""
        with self.lock:
            self.instance._project(project_key, visible_only=True)
            return [self.render(kind, i, p, api) for i, p in sorted(self._store(kind).items())
                    if p["project"] == project_key]

    def refs(self, project_key: str, api: int) -> tuple[list, list]:
        """Seeded components and versions of a project by index, as issues embed them (None once deleted)."""
        refs = self._refs
        cached = refs.get((project_key, api))
        if cached is None:
            project_id = self.instance.projects[project_key].id
            cached = refs[(project_key, api)] = tuple(
                [self._embedded(kind, project_id * 10 + i, api) for i in range(count)]
                for kind, count in (("components", len(c.COMPONENTS)), ("versions", SEEDED_VERSIONS)))
        return cached

    def render(self, kind: str, part_id: int, part: dict, api: int) -> dict:
        """One version or component as its project's list shows it."""
        base = f"{self.instance.base_url}/rest/api/{api}"
        project_id = self.instance.projects[part["project"]].id
        body = {"self": f"{base}/{kind[:-1]}/{part_id}", "id": str(part_id), "name": part["name"],
                "description": part["description"]}
        if kind == "versions":
            body.update(archived=part["archived"], released=part["released"], projectId=project_id)
            if part.get("releaseDate"):
                body.update(releaseDate=part["releaseDate"])
            return body
        lead = None if part["lead"] is None else self.instance.renderers[api].o.users[part["lead"]]
        assignee_type = "COMPONENT_LEAD" if lead else "PROJECT_DEFAULT"
        body.update(assigneeType=assignee_type, realAssigneeType=assignee_type, isAssigneeTypeValid=True,
                    project=part["project"], projectId=project_id)
        if lead:
            body.update(lead=lead, assignee=lead, realAssignee=lead)
        return body

    def _embedded(self, kind: str, part_id: int, api: int) -> dict | None:
        part = self._store(kind).get(part_id)
        if part is None:
            return None
        body = self.render(kind, part_id, part, api)
        own = ("archived", "released", "releaseDate") if kind == "versions" else ("description",)
        keep = ("self", "id", "name", *own)
        return {k: body[k] for k in keep if k in body}

    def _store(self, kind: str) -> dict[int, dict]:
        if kind not in ("versions", "components"):
            raise ValueError(f"unknown project part {kind!r}: versions or components")
        return self.versions if kind == "versions" else self.components

    def _part(self, kind: str, part_id: int) -> dict:
        part = self._store(kind).get(int(part_id))
        if part is None:
            raise KeyError(f"No {kind[:-1]} with id {part_id} exists.")
        return part
