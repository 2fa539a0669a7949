"""SandboxInstance: the thread-safe issue store of one sandbox JIRA, and its mutations."""

import random
import threading
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from . import catalog as c
from .agile import Agile
from .changelog import MUTATION_HISTORY_BASE, History, histories, status_item, value_item
from .config import FaultConfig, InstanceSpec
from .dataset import FIRST_ISSUE_ID, IssueRecord, generate, make_record
from .extras_mutations import ExtrasMutations
from .faults import FaultInjector
from .fields import field_definitions
from .links import LinkBook
from .objects import PROJECT_NAMES
from .project_parts import ProjectParts
from .render import IssueRenderer
from .search import SearchEngine
from .timefmt import now_ms, to_datetime
from .worklogs import WorklogBook

# Attributes that JQL filters or sorts on, so updates set them on the record, not as overrides.
_TYPED = {"summary", "status", "issuetype"}


@dataclass
class Project:
    """A project: numeric id, key, name, and whether the sandbox user may see it."""

    id: int
    key: str
    name: str
    visible: bool = True


class SandboxInstance(ExtrasMutations):
    """One JIRA instance's projects, issues and histories; every method is thread-safe."""

    def __init__(self, spec: InstanceSpec, base_url: str):
        self.spec, self.base_url, self.tz = spec, base_url, ZoneInfo(spec.time_zone)
        self.lock = threading.RLock()
        self.version = 0  # bumped by every mutation; search caches are keyed on it
        self.projects = {k: Project(10000 + i, k, PROJECT_NAMES.get(k, k.title())) for i, k in enumerate(spec.projects)}
        self._by_id: dict[int, IssueRecord] = {}
        self._by_key: dict[tuple[str, int], int] = {}
        self._by_project: dict[str, dict[int, None]] = {k: {} for k in self.projects}
        self._numbers = dict.fromkeys(self.projects, 0)
        records = generate(spec)
        self.links = LinkBook([r.id for r in records], spec.seed)
        for r in records:
            self._index(r)
            self._numbers[r.project] = max(self._numbers[r.project], r.num)
        self._next_id = FIRST_ISSUE_ID + spec.issues
        self._next_history = MUTATION_HISTORY_BASE
        self._last_ms = 0
        self._rng = random.Random(spec.seed ^ 0x5EED)
        self.clock = now_ms
        self.faults = FaultInjector(spec.faults)
        self.request_log: list[tuple[float, str, str, int]] = []
        self.fields = field_definitions(spec.name, spec.is_cloud)
        self.field_names = {f["id"]: f["name"] for f in self.fields}
        self.renderers = {2: IssueRenderer(self, 2), 3: IssueRenderer(self, 3)}
        self.search = SearchEngine(self)
        self.parts, self.agile = ProjectParts(self), Agile(self)
        self.worklogs = WorklogBook(self, records)

    # --- reads -------------------------------------------------------------------------
    def record(self, issue_id: int) -> IssueRecord | None:
        """The live record with this id, or None."""
        return self._by_id.get(issue_id)

    def resolve(self, id_or_key) -> IssueRecord | None:
        """The live record for an id (int or digits) or a current key, or None."""
        text = str(id_or_key)
        if text.isdigit():
            return self._by_id.get(int(text))
        project, _, number = text.upper().rpartition("-")
        issue_id = self._by_key.get((project, int(number))) if number.isdigit() else None
        return None if issue_id is None else self._by_id.get(issue_id)

    def records_in(self, projects) -> list[IssueRecord]:
        """Live records of the given visible projects (None = every visible project)."""
        with self.lock:
            keys = [k for k, p in self.projects.items() if p.visible and (projects is None or k in projects)]
            return [self._by_id[i] for k in keys for i in self._by_project[k]]

    def histories(self, r: IssueRecord) -> list[History]:
        """Every changelog entry of an issue, oldest first."""
        return histories(r, self.spec.long_changelog_every, self.renderers[2].custom_ids["rank"])

    def snapshot(self, project_key: str | None = None) -> list[dict]:
        """Every live issue (optionally of one project) for exactness checks."""
        with self.lock:
            records = [self._by_id[i] for k, ids in self._by_project.items() if project_key in (None, k) for i in ids]
        return [{"id": r.id, "key": r.key, "project_key": r.project, "updated": to_datetime(r.updated)} for r in records]

    @property
    def page_cap(self) -> int:
        """The largest search page, after any fault override."""
        return self.faults.config.max_page_size or self.spec.page_cap

    # --- JqlEnvironment ----------------------------------------------------------------
    def now_ms(self) -> int:
        """The instance clock in epoch ms."""
        return self.clock()

    def project_key(self, value: str) -> str | None:
        """A visible project's key for its key, name or id."""
        for p in self.projects.values():
            if value.upper() == p.key or value.lower() == p.name.lower() or value == str(p.id):
                return p.key if p.visible else None
        return None

    def key_exists(self, project: str, number: int) -> bool:
        """Whether a live issue has this key now."""
        return (project, number) in self._by_key

    def refuses_id(self, issue_id: int) -> bool:
        """Whether JQL naming this id is refused: no live issue has it and the site validates ids."""
        return self.spec.rejects_vanished_ids and issue_id not in self._by_id

    def status_index(self, value: str) -> int | None:
        """A status index for a name (any case) or id."""
        return c.STATUS_INDEX.get(value.lower(), next((i for i, s in enumerate(c.STATUSES) if s[0] == value), None))

    def type_index(self, value: str) -> int | None:
        """An issue type index for a name (any case) or id."""
        return c.ISSUE_TYPE_INDEX.get(value.lower(), next((i for i, t in enumerate(c.ISSUE_TYPES) if t[0] == value), None))

    # --- mutations ---------------------------------------------------------------------
    def create_issue(self, project_key: str, **fields) -> dict:
        """A new issue in a project (random content, status To Do); returns {id, key}."""
        with self.lock:
            project = self._project(project_key)
            now = self._tick()
            self._numbers[project] += 1
            r = make_record(self._rng, self._next_id, project, self._numbers[project], now, now, [])
            self._next_id += 1
            r.status_i = r.origin_status_i = c.STATUS_INDEX["to do"]
            r.resolved, r.status_changed = None, now
            self._apply(r, fields)
            self._index(r)
            return {"id": str(r.id), "key": r.key}

    def update_issue(self, key_or_id, **fields) -> None:
        """Change the given fields (default: the summary) and bump `updated`, with history."""
        with self.lock:
            r = self._live(key_or_id)
            now = self._tick()
            items = self._apply(r, fields or {"summary": f"{r.summary.split(' (edited')[0]} (edited {now})"})
            r.updated = now
            self._record_change(r, now, items)

    def delete_issue(self, key_or_id) -> None:
        """Remove an issue; search no longer finds it (JIRA leaves no trace either)."""
        with self.lock:
            r = self._live(key_or_id)
            del self._by_id[r.id], self._by_key[(r.project, r.num)], self._by_project[r.project][r.id]
            self.links.drop_issue(r.id)
            self._tick()

    def move_issue(self, key_or_id, project_key: str) -> str:
        """Move an issue to another project: same id, new key; the old key stops resolving."""
        with self.lock:
            r = self._live(key_or_id)
            target = self._project(project_key)
            old_key = r.key
            del self._by_key[(r.project, r.num)], self._by_project[r.project][r.id]
            self._numbers[target] += 1
            r.project, r.num = target, self._numbers[target]
            self._index(r)
            now = self._tick()
            r.updated = now
            self._record_change(r, now, [value_item("project", "project", False, old_key.split("-")[0], target),
                                         value_item("key", "Key", False, old_key, r.key)])
            return r.key

    def create_project(self, key: str, name: str) -> None:
        """Add an empty, visible project."""
        with self.lock:
            if key in self.projects:
                raise ValueError(f"A project with that project key '{key}' already exists.")
            self.projects[key] = Project(10000 + len(self.projects), key, name)
            self._by_project[key], self._numbers[key] = {}, 0
            self.parts.seed(self.projects[key])
            self._tick()

    def delete_project(self, key: str) -> None:
        """Remove a project and its issues."""
        with self.lock:
            self._project(key)
            for issue_id in list(self._by_project[key]):
                self.delete_issue(issue_id)
            del self.projects[key], self._by_project[key]
            self._tick()

    def set_project_visible(self, key: str, visible: bool) -> None:
        """Hide or show a project, as a permission change would."""
        with self.lock:
            self.projects[self._project(key, visible_only=False)].visible = visible
            self._tick()

    def touch_issue(self, r: IssueRecord, items: list[dict]) -> None:
        """Bump an issue's `updated` for a change made elsewhere (e.g. a sprint move), with its history items."""
        with self.lock:
            now = self._tick()
            r.updated = now
            self._record_change(r, now, items)

    def set_faults(self, faults: FaultConfig) -> None:
        """Replace the fault configuration (reseeding its random draws)."""
        self.faults = FaultInjector(faults)

    def set_clock(self, clock) -> None:
        """Use `clock()` (epoch ms) as now, e.g. to simulate time passing in tests."""
        self.clock = clock

    def log_request(self, method: str, path: str, status: int) -> None:
        """Remember one handled request for rate and count measurements."""
        self.request_log.append((time.monotonic(), method, path, status))

    def clear_request_log(self) -> None:
        """Forget the logged requests."""
        self.request_log = []

    # --- internals -----------------------------------------------------------------------
    def _tick(self) -> int:
        """Now in ms, strictly after the previous mutation; invalidates search caches."""
        self._last_ms = max(self.clock(), self._last_ms + 1)
        self.version += 1
        return self._last_ms

    def _index(self, r: IssueRecord) -> None:
        """Add a record to the id, key and project indexes."""
        self._by_id[r.id] = r
        self._by_key[(r.project, r.num)] = r.id
        self._by_project[r.project][r.id] = None

    def _live(self, key_or_id) -> IssueRecord:
        """The record or KeyError like JIRA's 404."""
        r = self.resolve(key_or_id)
        if r is None:
            raise KeyError(f"Issue {key_or_id} does not exist")
        return r

    def _project(self, key: str, visible_only: bool = False) -> str:
        """A project's key or KeyError."""
        if key not in self.projects or (visible_only and not self.projects[key].visible):
            raise KeyError(f"No project could be found with key '{key}'.")
        return key

    def _apply(self, r: IssueRecord, fields: dict) -> list[dict]:
        """Set fields on a record and return the changelog items describing the change."""
        items, overrides = [], dict(r.overrides)
        for field_id, value in fields.items():
            if field_id == "status":
                new_i = self.status_index(str(value))
                if new_i is None:
                    raise ValueError(f"unknown status {value!r}")
                if new_i != r.status_i:
                    items.append(status_item(r.status_i, new_i))
                    done = c.STATUSES[new_i][2] == "done"
                    r.status_i, r.status_changed = new_i, self._last_ms
                    r.resolved = self._last_ms if done else None
            elif field_id == "issuetype":
                new_i = self.type_index(str(value))
                if new_i is None:
                    raise ValueError(f"unknown issue type {value!r}")
                items.append(value_item("issuetype", "issuetype", False, c.ISSUE_TYPES[r.type_i][1], value))
                r.type_i = new_i
            elif field_id == "summary":
                items.append(value_item("summary", "summary", False, r.summary, value))
                r.summary = str(value)
            else:
                items.append(value_item(field_id, self.field_names.get(field_id, field_id),
                                        field_id.startswith("customfield_"), overrides.get(field_id), value))
                overrides[field_id] = value
        r.overrides = overrides  # replaced, never mutated: renderers may be reading the old one
        return items

    def _record_change(self, r: IssueRecord, now: int, items: list[dict]) -> None:
        """Append a history entry authored by the sandbox account."""
        if items:
            self._next_history += 1
            r.changes = r.changes + ((self._next_history, None, now, tuple(items)),)
