"""Worklogs of one sandbox instance: seeded from the seed, mutable, listed by JIRA's instance-wide feeds.

A worklog is [id, issue id, author user index (None: the sandbox account), started, seconds,
created, updated, comment] (times in epoch ms; the comment text, or a document a test stored as
given). The feeds list live issues' worklogs of visible projects by `updated`. A deleted worklog
enters /worklog/deleted; those of a deleted issue vanish without an entry there.
"""

import random

from .dataset import USER_COUNT
from .objects import adf

FIRST_WORKLOG_ID = 20000
SEEDED_COUNTS = (0, 0, 0, 1, 1, 2)  # most issues have no time logged
SEEDED_COMMENTS = ("Investigation", "Implementation", "Code review", "Testing on staging", None)


def duration_text(seconds: int) -> str:
    """Seconds as JIRA writes a time spent: 1d 2h 30m (8-hour days)."""
    minutes = seconds // 60
    days, rest = divmod(minutes, 8 * 60)
    hours, minutes = divmod(rest, 60)
    return " ".join(f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "m")) if n) or "0m"


class WorklogBook:
    """Every worklog of an instance and the deletions the feed reports; the instance's lock guards changes."""

    def __init__(self, instance, records):
        self.instance = instance
        self.worklogs: dict[int, list] = {}
        self.deleted: list[tuple[int, int]] = []  # (worklog id, when deleted)
        self._next_id = FIRST_WORKLOG_ID
        rng = random.Random(instance.spec.seed ^ 0x3011)
        for r in records:
            for n in range(rng.choice(SEEDED_COUNTS)):
                created = r.created + (r.origin_updated - r.created) * (n + 1) // 3
                self._store(r.id, rng.randrange(USER_COUNT), created - 3_600_000, rng.randint(1, 16) * 1800,
                            created, rng.choice(SEEDED_COMMENTS))

    def _store(self, issue_id, author, started, seconds, created, comment) -> int:
        worklog_id, self._next_id = self._next_id, self._next_id + 1
        self.worklogs[worklog_id] = [worklog_id, issue_id, author, started, seconds, created, created, comment]
        return worklog_id

    def visible(self, worklog: list) -> bool:
        """Whether JIRA would show this worklog now: its issue is live, in a visible project."""
        r = self.instance.record(worklog[1])
        return r is not None and self.instance.projects[r.project].visible

    def of_issue(self, issue_id: int) -> list[list]:
        """An issue's worklogs, oldest first."""
        with self.instance.lock:
            return [w for w in self.worklogs.values() if w[1] == issue_id]

    def add(self, key_or_id, seconds: int, comment=None, started: int | None = None) -> dict:
        """Log time on an issue as the sandbox account; bumps the issue's `updated`; returns {id}."""
        with self.instance.lock:
            r = self.instance._live(key_or_id)
            now = self.instance._tick()
            worklog_id = self._store(r.id, None, now if started is None else started, int(seconds), now, comment)
            self._touch(r, str(worklog_id), None)
            return {"id": str(worklog_id)}

    def edit(self, worklog_id: int, **values) -> None:
        """Change a worklog's seconds, comment or started; bumps its and its issue's `updated`."""
        with self.instance.lock:
            w, r = self._worklog(worklog_id)
            unknown = set(values) - {"seconds", "comment", "started"}
            if unknown:
                raise ValueError(f"cannot set {', '.join(sorted(unknown))} of a worklog")
            now = self.instance._tick()
            for name, index in (("started", 3), ("seconds", 4), ("comment", 7)):
                if name in values:
                    w[index] = values[name]
            w[6] = now
            self._touch(r, str(worklog_id), str(worklog_id))

    def delete(self, worklog_id: int) -> None:
        """Delete a worklog: the deleted feed lists it; bumps its issue's `updated`."""
        with self.instance.lock:
            _, r = self._worklog(worklog_id)
            del self.worklogs[int(worklog_id)]
            self.deleted.append((int(worklog_id), self.instance._tick()))
            self._touch(r, None, str(worklog_id))

    def _touch(self, r, to: str | None, before: str | None) -> None:
        # JIRA records a WorklogId item in the issue's history and moves its `updated`.
        self.instance.touch_issue(r, [{"field": "WorklogId", "fieldtype": "jira", "from": before,
                                       "fromString": before, "to": to, "toString": to}])

    def _worklog(self, worklog_id) -> tuple[list, object]:
        w = self.worklogs.get(int(worklog_id))
        r = None if w is None else self.instance.record(w[1])
        if r is None:
            raise KeyError(f"Cannot find worklog with id: {worklog_id}.")
        return w, r

    def render(self, w: list, api: int) -> dict:
        """One worklog as JIRA returns it: ADF comment in v3, a string in v2, no `comment` when there is none."""
        worklog_id, issue_id, author_i, started, seconds, created, updated, comment = w
        renderer = self.instance.renderers[api]
        author = renderer.o.me if author_i is None else renderer.o.users[author_i]
        body = {"self": f"{renderer.api_url}/issue/{issue_id}/worklog/{worklog_id}", "author": author,
                "updateAuthor": author, "created": renderer.datetime(created), "updated": renderer.datetime(updated),
                "started": renderer.datetime(started), "timeSpent": duration_text(seconds),
                "timeSpentSeconds": seconds, "id": str(worklog_id), "issueId": str(issue_id)}
        if comment is not None:
            body["comment"] = (adf(*comment.split("\n\n")) if api == 3 else comment) if isinstance(comment, str) \
                else comment
        return body

    def snapshot(self) -> dict[int, tuple]:
        """Every visible worklog: {worklog id: (issue id, project, updated ms)}."""
        with self.instance.lock:
            return {w[0]: (w[1], self.instance.record(w[1]).project, w[6])
                    for w in self.worklogs.values() if self.visible(w)}
