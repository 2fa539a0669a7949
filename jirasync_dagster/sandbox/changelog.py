"""Issue histories: seeded ones derived on demand, mutation ones stored on the record."""

from . import catalog as c
from .dataset import FIRST_ISSUE_ID, IssueRecord

# A history entry is (id, author user index or None for the sandbox account, created ms, items).
History = tuple[int, int | None, int, tuple[dict, ...]]

# Mutation entries get ids above every seeded one (seeded: issue id * 256 + n).
MUTATION_HISTORY_BASE = 900_000_000


def status_item(old_i: int, new_i: int) -> dict:
    """The changelog item of a status transition."""
    (old_id, old_name, _), (new_id, new_name, _) = c.STATUSES[old_i], c.STATUSES[new_i]
    return {"field": "status", "fieldtype": "jira", "fieldId": "status", "from": old_id, "fromString": old_name,
            "to": new_id, "toString": new_name}


def value_item(field_id: str, label: str, custom: bool, old, new) -> dict:
    """The changelog item of any other field, values shown as strings."""
    def text(value):
        return None if value is None else (", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value))
    return {"field": label, "fieldtype": "custom" if custom else "jira", "fieldId": field_id,
            "from": None, "fromString": text(old), "to": None, "toString": text(new)}


def seeded_histories(r: IssueRecord, long_every: int, rank_field: str) -> list[History]:
    """The history an issue was generated with: rank changes (if long), then its status path."""
    path = [c.STATUS_INDEX[name.lower()] for name in c.STATUS_PATHS[c.STATUSES[r.origin_status_i][1]]]
    items = []
    if long_every and (r.id - FIRST_ISSUE_ID) % long_every == long_every - 1:
        rank = {"field": "Rank", "fieldtype": "custom", "fieldId": rank_field, "from": None, "fromString": None,
                "to": None, "toString": "Ranked higher"}
        items = [rank] * (100 + r.id % 80)  # more than one changelog page of 100
    items += [status_item(a, b) for a, b in zip(path, path[1:])]
    if not items:
        return []
    step = (r.origin_updated - r.created) // len(items)
    authors = (r.reporter, r.assignee if r.assignee is not None else r.reporter)
    # The last entry lands exactly on the seeded `updated`, as the change that set it.
    return [
        (r.id * 256 + i, authors[i % 2], r.origin_updated - (len(items) - 1 - i) * step, (item,))
        for i, item in enumerate(items)
    ]


def histories(r: IssueRecord, long_every: int, rank_field: str) -> list[History]:
    """Every history entry of an issue, oldest first."""
    return seeded_histories(r, long_every, rank_field) + list(r.changes)
