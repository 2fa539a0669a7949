"""Boards, sprints and sprint membership of one sandbox instance, and the Sprint field of issues.

Each project has a scrum board (id: the project's position + 1) whose sprints are the seeded
sprints i with i % projects == position; the first project also has a kanban board, which has
no sprints. An issue's seeded sprint is snapped to its own project's board, and every fifth
issue is also in the board's sprint before it (carried over), as JIRA keeps closed sprints.
"""

from datetime import timezone

from .changelog import value_item
from .dataset import DAY_MS, SPRINT_COUNT
from .timefmt import format_datetime

FIRST_SPRINT_MS = 1_700_000_000_000


class Agile:
    """Boards and sprints of one instance; thread-safe through the instance's lock."""

    def __init__(self, instance):
        self.instance = instance
        keys = list(instance.spec.projects)
        self.boards = {i + 1: {"project": k, "type": "scrum", "name": f"{k} board"} for i, k in enumerate(keys)}
        self.boards[len(keys) + 1] = {"project": keys[0], "type": "kanban", "name": f"{keys[0]} kanban"}
        self.sprints = {i + 1: self._seeded_sprint(i, len(keys)) for i in range(SPRINT_COUNT)}
        self._members: dict[int, tuple[int, ...]] = {}  # issue id -> sprint ids, once moved
        self._field_values: dict[int, object] = {}  # sprint id -> its rendered field value

    def _seeded_sprint(self, i: int, boards: int) -> dict:
        state = "closed" if i < SPRINT_COUNT - 3 else ("active" if i == SPRINT_COUNT - 3 else "future")
        start = FIRST_SPRINT_MS + i * 14 * DAY_MS
        return {"name": f"Sprint {i + 1}", "state": state, "board": 1 + i % boards, "goal": "",
                "start": None if state == "future" else start, "end": start + 14 * DAY_MS,
                "complete": start + 14 * DAY_MS if state == "closed" else None, "created": start - DAY_MS}

    def sprint_ids(self, r) -> tuple[int, ...]:
        """The ids of the sprints an issue is in, oldest first."""
        moved = self._members.get(r.id)
        if moved is not None or r.sprint is None:
            return moved or ()
        boards = len(self.instance.spec.projects)
        position = self.instance.spec.projects.index(r.project) if r.project in self.instance.spec.projects else 0
        snapped = r.sprint - r.sprint % boards + position
        snapped = snapped if snapped < SPRINT_COUNT else snapped - boards
        carried = (snapped - boards + 1,) if r.id % 5 == 0 and snapped >= boards else ()
        return (*carried, snapped + 1)

    def field_value(self, r) -> list | None:
        """The Sprint custom field: objects on Cloud, GreenHopper strings on Data Center; null when none."""
        ids = self.sprint_ids(r)
        if not ids:
            return None
        values = self._field_values
        return [values.get(i) or values.setdefault(i, self._field(i)) for i in ids]

    def _field(self, sprint_id: int):
        s, cloud = self.sprints[sprint_id], self.instance.spec.is_cloud
        dates = {k: None if s[k] is None else format_datetime(s[k], timezone.utc) for k in ("start", "end", "complete")}
        if cloud:
            body = {"id": sprint_id, "name": s["name"], "state": s["state"], "boardId": s["board"], "goal": s["goal"]}
            for key, name in (("start", "startDate"), ("end", "endDate"), ("complete", "completeDate")):
                if dates[key]:
                    body[name] = dates[key].replace("+0000", "Z")
            return body
        shown = {k: v or "<null>" for k, v in dates.items()}
        return (f"com.atlassian.greenhopper.service.sprint.Sprint@{0x1a2b + sprint_id:x}[id={sprint_id},"
                f"rapidViewId={s['board']},state={s['state'].upper()},name={s['name']},startDate={shown['start']},"
                f"endDate={shown['end']},completeDate={shown['complete']},sequence={sprint_id}]")

    def set_state(self, sprint_id: int, state: str) -> None:
        """Start (`active`) or close (`closed`) a sprint now, as the board's buttons do."""
        with self.instance.lock:
            sprint = self._sprint(sprint_id)
            now = self.instance.now_ms()
            if state == "active" and sprint["state"] == "future":
                sprint.update(state="active", start=now, end=now + 14 * DAY_MS)
            elif state == "closed" and sprint["state"] == "active":
                sprint.update(state="closed", complete=now)
            else:
                raise ValueError(f"Sprint {sprint_id} is {sprint['state']}; it cannot become {state}.")
            self._field_values = {}

    def move_issue(self, key_or_id, sprint_id: int, into: bool) -> None:
        """Put an issue into a sprint or take it out; its `updated` moves, with a Sprint history item."""
        with self.instance.lock:
            self._sprint(sprint_id)
            r = self.instance.resolve(key_or_id)
            if r is None:
                raise KeyError(f"Issue {key_or_id} does not exist")
            before = self.sprint_ids(r)
            after = tuple(sorted(set(before) | {sprint_id})) if into else tuple(i for i in before if i != sprint_id)
            self._members[r.id] = after
            names = [[self.sprints[i]["name"] for i in ids] for ids in (before, after)]
            field_id = self.instance.renderers[2].custom_ids["sprint"]
            self.instance.touch_issue(r, [value_item(field_id, "Sprint", True, *names)])

    def _sprint(self, sprint_id: int) -> dict:
        sprint = self.sprints.get(int(sprint_id))
        if sprint is None:
            raise KeyError(f"Sprint with id {sprint_id} does not exist.")
        return sprint
