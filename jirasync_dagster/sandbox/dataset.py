"""Compact issue records and their deterministic generation from a seed."""

import random
from types import MappingProxyType

from . import catalog as c
from .config import InstanceSpec

DAY_MS = 86_400_000
USER_COUNT = 40
SPRINT_COUNT = 30
FIRST_ISSUE_ID = 10000
# Shared by every unmodified record; mutations replace it with a fresh dict (copy on write).
NO_OVERRIDES: dict = MappingProxyType({})


class IssueRecord:
    """One issue as small scalars and indexes into shared pools; rendered to JSON on demand."""

    # Slots keep 100,000 issues in tens of megabytes rather than gigabytes of dicts.
    __slots__ = (
        "id", "project", "num", "type_i", "status_i", "origin_status_i", "priority_i",
        "assignee", "reporter", "created", "updated", "origin_updated", "resolved", "status_changed", "due",
        "summary", "desc", "env", "labels", "components", "fix_versions", "versions", "parent",
        "points", "tier", "escalated", "target", "start", "sprint", "contact", "team", "areas",
        "reviewers", "qa", "cust_labels", "criteria", "url", "estimate", "spent", "watches",
        "votes", "overrides", "changes", "comments",
    )

    @property
    def key(self) -> str:
        """The issue key, e.g. ENG-12."""
        return f"{self.project}-{self.num}"

    @property
    def sort_key(self) -> tuple[str, int]:
        """How JIRA orders keys: by project, then by number."""
        return (self.project, self.num)


def _maybe(rng: random.Random, probability: float, make):
    """`make()` with the given probability, else None (many fields are often empty)."""
    return make() if rng.random() < probability else None


def _few(rng: random.Random, count: int, most: int, probability: float) -> tuple:
    """A sorted tuple of up to `most` distinct indexes below `count`, empty otherwise."""
    if rng.random() >= probability:
        return ()
    return tuple(sorted(rng.sample(range(count), rng.randint(1, most))))


def make_record(
    rng: random.Random, issue_id: int, project: str, num: int, created: int, updated: int,
    epics: list[int],
) -> IssueRecord:
    """A realistic issue with random content; `epics` are candidate parents in its project."""
    r = IssueRecord()
    r.id, r.project, r.num, r.created, r.updated = issue_id, project, num, created, updated
    r.origin_updated = updated  # the seeded changelog ends here, whatever happens later
    r.type_i = rng.choices(range(len(c.ISSUE_TYPES)), c.ISSUE_TYPE_WEIGHTS)[0]
    r.status_i = r.origin_status_i = rng.choices(range(len(c.STATUSES)), c.STATUS_WEIGHTS)[0]
    r.priority_i = rng.choices(range(len(c.PRIORITIES)), c.PRIORITY_WEIGHTS)[0]
    r.assignee = _maybe(rng, 0.8, lambda: rng.randrange(USER_COUNT))
    r.reporter = rng.randrange(USER_COUNT)
    done = c.STATUSES[r.status_i][2] == "done"
    r.resolved = updated - rng.randrange(1, 3_600_000) if done and updated - created > 3_600_000 else None
    r.status_changed = r.resolved or (updated if r.status_i else created)
    r.due = _maybe(rng, 0.4, lambda: created // DAY_MS + rng.randint(7, 60))
    context = rng.choice(c.CONTEXTS)
    r.summary = f"{rng.choice(c.VERBS)} {rng.choice(c.OBJECTS)}{' ' + context if context else ''}"
    r.desc = _maybe(rng, 0.85, lambda: rng.randrange(len(c.SENTENCES)))
    r.env = _maybe(rng, 0.2, lambda: rng.randrange(len(c.ENVIRONMENTS)))
    r.labels = tuple(c.LABELS[i] for i in _few(rng, len(c.LABELS), 3, 0.6))
    r.components = _few(rng, len(c.COMPONENTS), 2, 0.7)
    r.fix_versions = _few(rng, 6, 1, 0.5)
    r.versions = _few(rng, 6, 2, 0.3)
    is_epic = r.type_i == c.EPIC
    r.parent = rng.choice(epics) if epics and not is_epic and rng.random() < 0.4 else None
    r.points = _maybe(rng, 0.6, lambda: float(rng.choice((1, 2, 3, 5, 8, 13))))
    r.tier = _maybe(rng, 0.5, lambda: rng.randrange(len(c.TIERS)))
    r.escalated = _maybe(rng, 0.7, lambda: rng.random() < 0.15)
    r.target = _maybe(rng, 0.3, lambda: created + rng.randint(3, 90) * DAY_MS + 17 * 3_600_000)
    r.start = _maybe(rng, 0.3, lambda: created // DAY_MS + rng.randint(0, 10))
    r.sprint = None if is_epic else _maybe(rng, 0.6, lambda: rng.randrange(SPRINT_COUNT))
    r.contact = _maybe(rng, 0.35, lambda: rng.randrange(len(c.FIRST_NAMES) * len(c.LAST_NAMES)))
    r.team = _maybe(rng, 0.5, lambda: rng.randrange(len(c.TEAMS)))
    r.areas = _few(rng, len(c.AREAS), 3, 0.4)
    r.reviewers = _few(rng, USER_COUNT, 3, 0.3)
    r.qa = _maybe(rng, 0.3, lambda: rng.randrange(USER_COUNT))
    r.cust_labels = tuple(f"acct-{i}" for i in _few(rng, 50, 2, 0.2))
    r.criteria = _maybe(rng, 0.3, lambda: rng.randrange(len(c.SENTENCES)))
    r.url = _maybe(rng, 0.15, lambda: f"https://support.example.com/tickets/{rng.randint(1000, 99999)}")
    r.estimate = _maybe(rng, 0.4, lambda: rng.choice((1, 2, 4, 8, 16, 24)) * 3600)
    r.spent = _maybe(rng, 0.3, lambda: rng.randint(1, 40) * 1800)
    r.watches, r.votes = rng.randint(0, 6), rng.choice((0, 0, 0, 1, 2))
    r.overrides, r.changes = NO_OVERRIDES, ()
    r.comments = None  # the seeded ones (sandbox/comments.py) until a mutation stores them
    return r


def generate(spec: InstanceSpec) -> list[IssueRecord]:
    """The seeded issues of an instance: ids from 10000, keys numbered per project."""
    rng = random.Random(spec.seed)
    end = int(spec.anchor.timestamp() * 1000)
    span = 730 * DAY_MS
    start = end - span
    # The first project is the big one, as on most real sites.
    weights = [3] + [1] * (len(spec.projects) - 1)
    counters = dict.fromkeys(spec.projects, 0)
    epics: dict[str, list[int]] = {p: [] for p in spec.projects}
    records = []
    for i in range(spec.issues):
        project = rng.choices(spec.projects, weights)[0]
        counters[project] += 1
        created = start + span * i // max(spec.issues, 1) + rng.randrange(60_000)
        updated = created + int((end - created) * rng.random() ** 2) + 1
        record = make_record(rng, FIRST_ISSUE_ID + i, project, counters[project], created, updated, epics[project])
        if record.type_i == c.EPIC:
            epics[project].append(record.id)
        records.append(record)
    return records
