"""Comments and links of the issues on a search page, as warehouse rows (the pages' own fields, no request).

Built where the page is converted (possibly a worker process), so every value here pickles.
"""

from dataclasses import dataclass, field
from datetime import datetime

import orjson

from jirasync_dagster.mapping.adf import body_text

# The JIRA field each switchable entity is read from (JIRA_SKIP_<n> names the entities).
ENTITY_FIELDS = {"comments": "comment", "links": "issuelinks"}


@dataclass(frozen=True)
class Entities:
    """Which of an issue's related entities the sync mirrors (all by default)."""

    comments: bool = True
    links: bool = True

    @classmethod
    def without(cls, skipped) -> "Entities":
        """Every entity except those named in `skipped`."""
        return cls(**{name: name not in skipped for name in ENTITY_FIELDS})

    @property
    def fields(self) -> tuple[str, ...]:
        """The JIRA fields the search must request for the entities switched on."""
        return tuple(f for name, f in ENTITY_FIELDS.items() if getattr(self, name))


@dataclass
class IssueExtras:
    """Comments and link sides of a batch of issues, keyed by issue id."""

    comments: dict[int, list[tuple]] = field(default_factory=dict)  # complete unless the issue is in `unfinished`
    unfinished: dict[int, int] = field(default_factory=dict)  # issue id -> startAt of the comments left to fetch
    links: dict[int, list[tuple]] = field(default_factory=dict)
    issues: dict[int, tuple[str, str, datetime | None]] = field(default_factory=dict)  # id -> (key, project, updated)
    body_failures: int = 0  # comment bodies kept raw only (body_text NULL)

    def extend(self, other: "IssueExtras") -> None:
        """Take `other`'s issues; a later read of the same issue replaces the earlier one."""
        for name in ("comments", "links", "issues"):
            getattr(self, name).update(getattr(other, name))
        for issue_id in other.issues:
            self.unfinished.pop(issue_id, None)
        self.unfinished.update(other.unfinished)
        self.body_failures += other.body_failures

    def __len__(self) -> int:
        return len(self.issues)


def add_issue(extras: IssueExtras, entities: Entities, instance: str, issue: dict, project: str,
              updated: datetime | None) -> None:
    """Add one search result's comments and link sides to `extras`."""
    issue_id, fields = int(issue["id"]), issue.get("fields") or {}
    extras.issues[issue_id] = (issue["key"], project, updated)
    embedded = fields.get("comment")
    if entities.comments and isinstance(embedded, dict):
        shown = embedded.get("comments") or []
        extras.comments[issue_id] = [comment_row(extras, instance, issue_id, project, c) for c in shown]
        start = embedded.get("startAt") or 0
        if start or len(shown) < (embedded.get("total") or 0):
            # Search embeds a limited number: the rest is paged from /comment (from 0 if the first ones are not shown).
            extras.unfinished[issue_id] = 0 if start else len(shown)
    if entities.links and isinstance(fields.get("issuelinks"), list):
        extras.links[issue_id] = [row for link in fields["issuelinks"]
                                  if (row := link_row(instance, issue_id, project, link)) is not None]


def comment_row(extras: IssueExtras, instance: str, issue_id: int, project: str, comment: dict) -> tuple:
    """A jira_issue_comments row; a body that does not convert to text keeps only its raw form."""
    author = comment.get("author") or {}
    body = comment.get("body")
    text = body_text(body)
    if text is None and body is not None:
        extras.body_failures += 1
    return (instance, int(comment["id"]), issue_id, project, author.get("accountId") or author.get("name"),
            author.get("displayName"), _datetime(comment.get("created")), _datetime(comment.get("updated")),
            text, orjson.dumps(comment))


def link_row(instance: str, issue_id: int, project: str, link: dict) -> tuple | None:
    """A jira_issue_links row of this issue's side of `link` (None for a link without the other issue)."""
    kind = link.get("type") or {}
    for key, direction in (("outwardIssue", "outward"), ("inwardIssue", "inward")):
        other = link.get(key)
        if other:
            return (instance, int(link["id"]), issue_id, project, direction, kind.get("id"), kind.get("name"),
                    kind.get(direction), int(other["id"]), other.get("key"))
    return None


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None

