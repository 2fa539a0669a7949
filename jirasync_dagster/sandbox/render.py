"""Renders issue records and histories as JIRA JSON for one instance and API version."""

from zoneinfo import ZoneInfo

from . import catalog as c
from .changelog import History
from .dataset import IssueRecord
from .fields import SYSTEM_FIELDS, custom_fields_for
from .objects import SharedObjects
from .render_extras import ExtrasRenderer
from .timefmt import format_datetime, format_day

ALL = ("*all",)
NAVIGABLE = ("*navigable",)
_RESOLUTION_OF_STATUS = {c.STATUS_INDEX["done"]: 0, c.STATUS_INDEX["closed"]: 0, c.STATUS_INDEX["won't do"]: 1}


def _hours(seconds: int) -> str:
    """Seconds as JIRA's short duration text, e.g. 1d 2h (8-hour days)."""
    days, hours = divmod(seconds // 3600, 8)
    return " ".join(p for p in (f"{days}d" if days else "", f"{hours}h" if hours else "") if p) or "0m"


class IssueRenderer:
    """Turns records into the `fields` JIRA returns, with field selection and expansions."""

    def __init__(self, instance, api: int):
        spec = instance.spec
        self.instance = instance
        self.api, self.api_url = api, f"{instance.base_url}/rest/api/{api}"
        self.o = o = SharedObjects(instance.base_url, api, spec.is_cloud, spec.time_zone)
        self.tz = ZoneInfo(spec.time_zone)
        self.custom_ids = ids = custom_fields_for(spec.name, spec.is_cloud)
        self._per_project: dict[str, tuple] = {}
        self._selections: dict = {}
        self.rich_fields = {"description", "environment", ids["acceptance_criteria"]}
        self.extras = ExtrasRenderer(instance, o, self.api_url, self.datetime)
        dt, day = self.datetime, lambda d: None if d is None else format_day(d)
        user = lambda i: None if i is None else o.users[i]  # noqa: E731 - table of one-liners
        self.renderers = {
            "summary": lambda r: r.summary,
            "description": lambda r: None if r.desc is None else o.texts[r.desc],
            "issuetype": lambda r: o.issue_types[r.type_i],
            "status": lambda r: o.statuses[r.status_i],
            "priority": lambda r: o.priorities[r.priority_i],
            "resolution": lambda r: o.resolutions[_RESOLUTION_OF_STATUS[r.status_i]] if r.status_i in _RESOLUTION_OF_STATUS else None,
            "project": lambda r: self._project(r.project),
            "assignee": lambda r: user(r.assignee),
            "reporter": lambda r: o.users[r.reporter],
            "creator": lambda r: o.users[r.reporter],
            "created": lambda r: dt(r.created),
            "updated": lambda r: dt(r.updated),
            "resolutiondate": lambda r: dt(r.resolved),
            "statuscategorychangedate": lambda r: dt(r.status_changed),
            "duedate": lambda r: day(r.due),
            "labels": lambda r: list(r.labels),
            "components": lambda r: self._parts(r, 0, r.components),
            "fixVersions": lambda r: self._parts(r, 1, r.fix_versions),
            "versions": lambda r: self._parts(r, 1, r.versions),
            "parent": self._parent,
            "environment": lambda r: None if r.env is None else o.environments[r.env],
            "timetracking": self._timetracking,
            "timeoriginalestimate": lambda r: r.estimate,
            "timespent": lambda r: r.spent,
            "watches": lambda r: {"self": f"{self.api_url}/issue/{r.key}/watchers", "watchCount": r.watches, "isWatching": False},
            "votes": lambda r: {"self": f"{self.api_url}/issue/{r.key}/votes", "votes": r.votes, "hasVoted": False},
            "workratio": lambda r: r.spent * 100 // r.estimate if r.estimate and r.spent else -1,
            ids["story_points"]: lambda r: r.points,
            ids["customer_tier"]: lambda r: None if r.tier is None else o.tiers[r.tier],
            ids["escalated"]: lambda r: None if r.escalated is None else o.escalated[r.escalated],
            ids["target_date"]: lambda r: dt(r.target),
            ids["sprint"]: lambda r: self.instance.agile.field_value(r),
            ids["contact_first_name"]: lambda r: None if r.contact is None else c.FIRST_NAMES[r.contact % len(c.FIRST_NAMES)],
            ids["contact_last_name"]: lambda r: None if r.contact is None else c.LAST_NAMES[r.contact // len(c.FIRST_NAMES)],
            ids["epic_link"]: self._epic_link,
            ids["team"]: lambda r: None if r.team is None else c.TEAMS[r.team],
            ids["affected_areas"]: lambda r: [o.areas[i] for i in r.areas] or None,
            ids["reviewers"]: lambda r: [o.users[i] for i in r.reviewers] or None,
            ids["qa_owner"]: lambda r: user(r.qa),
            ids["start_date"]: lambda r: day(r.start),
            ids["customer_labels"]: lambda r: list(r.cust_labels) or None,
            ids["acceptance_criteria"]: lambda r: None if r.criteria is None else o.texts[r.criteria],
            ids["support_url"]: lambda r: r.url,
            ids["rank"]: lambda r: f"0|i{r.id:05x}:",
            "comment": self.extras.comment_field,
            "issuelinks": self.extras.links,
        }
        assert set(SYSTEM_FIELDS) <= set(self.renderers)  # every advertised field renders

    def datetime(self, ms: int | None) -> str | None:
        """A JIRA datetime string in the instance's time zone."""
        return None if ms is None else format_datetime(ms, self.tz)

    def select(self, requested, default: tuple[str, ...]) -> tuple[str, ...]:
        """The field ids to render for a `fields` parameter (list or comma string)."""
        if isinstance(requested, str):
            requested = requested.split(",")
        tokens = tuple(t.strip() for t in requested or () if t.strip()) or default
        selected = self._selections.get(tokens)
        if selected is None:
            wanted = set(self.renderers) if {"*all", "*navigable"} & set(tokens) else set()
            wanted |= {t for t in tokens if t in self.renderers}
            wanted -= {t[1:] for t in tokens if t.startswith("-")}
            selected = self._selections[tokens] = tuple(f for f in self.renderers if f in wanted)
        return selected

    def issue(self, r: IssueRecord, selected: tuple[str, ...], expand=(), changelog_limit: int | None = None) -> dict:
        """One issue: envelope, selected fields and requested expansions."""
        fields = {f: self.renderers[f](r) for f in selected}
        for field_id, value in r.overrides.items():
            if field_id in fields:
                fields[field_id] = self.o.text(value) if field_id in self.rich_fields and isinstance(value, str) else value
        result = {"expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
                  "id": str(r.id), "self": f"{self.api_url}/issue/{r.id}", "key": r.key, "fields": fields}
        if "changelog" in expand:
            entries = self.instance.histories(r)
            shown = entries[-changelog_limit:] if changelog_limit else entries
            result["changelog"] = {"startAt": len(entries) - len(shown), "maxResults": len(shown),
                                   "total": len(entries), "histories": [self.history(h) for h in shown]}
        if "names" in expand:
            result["names"] = {f: self.instance.field_names.get(f, f) for f in selected}
        if "transitions" in expand:
            result["transitions"] = self.transitions()
        return result

    def transitions(self) -> list[dict]:
        """The transitions available from any status: one global transition into each status."""
        return [{"id": str(11 + 10 * i), "name": status["name"], "to": status, "hasScreen": False, "isGlobal": True,
                 "isInitial": False, "isAvailable": True, "isConditional": False, "isLooped": False}
                for i, status in enumerate(self.o.statuses)]

    def history(self, h: History) -> dict:
        """One changelog entry."""
        hid, author, created, items = h
        return {"id": str(hid), "author": self.o.me if author is None else self.o.users[author],
                "created": self.datetime(created), "items": list(items)}

    def _project(self, key: str) -> dict:
        """A project's reference object, built on first use."""
        cached = self._per_project.get(key)
        if cached is None:
            p = self.instance.projects[key]
            cached = self._per_project[key] = self.o.project(p.id, key, p.name, self.instance.base_url)
        return cached

    def _parts(self, r: IssueRecord, kind: int, indexes: tuple) -> list[dict]:
        """The issue's components (kind 0) or versions (1) that still exist, as issues embed them."""
        parts = self.instance.parts.refs(r.project, self.api)[kind]
        return [part for i in indexes if (part := parts[i]) is not None]

    def _parent(self, r: IssueRecord) -> dict | None:
        """The parent epic with the few fields JIRA embeds, if it still exists."""
        p = None if r.parent is None else self.instance.record(r.parent)
        return None if p is None else self.extras.issue_ref(p)

    def _epic_link(self, r: IssueRecord) -> str | None:
        """The Epic Link custom field: the parent epic's key."""
        p = None if r.parent is None else self.instance.record(r.parent)
        return None if p is None else p.key

    def _timetracking(self, r: IssueRecord) -> dict:
        """Time tracking in text and seconds; empty when nothing was estimated or logged."""
        result = {}
        if r.estimate:
            remaining = max(r.estimate - (r.spent or 0), 0)
            result.update(originalEstimate=_hours(r.estimate), remainingEstimate=_hours(remaining),
                          originalEstimateSeconds=r.estimate, remainingEstimateSeconds=remaining)
        if r.spent:
            result.update(timeSpent=_hours(r.spent), timeSpentSeconds=r.spent)
        return result
