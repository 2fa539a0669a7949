"""Issue links: one record per link, shown on both issues (outward on its source, inward on its target)."""

import random

LINK_TYPES = (  # (id, name, inward, outward), as JIRA ships them
    ("10000", "Blocks", "is blocked by", "blocks"),
    ("10001", "Cloners", "is cloned by", "clones"),
    ("10002", "Duplicate", "is duplicated by", "duplicates"),
    ("10003", "Relates", "relates to", "relates to"),
)
FIRST_LINK_ID = 10000
SEEDED_LINK_SHARE = 0.2  # issues generated with a link to an earlier one, of any project


class LinkBook:
    """Every link of one instance, indexed by issue; the owner's lock guards mutations."""

    def __init__(self, issue_ids: list[int], seed: int):
        self.links: dict[int, tuple[int, int, int, int]] = {}  # id -> (id, type index, source, target)
        self._of: dict[int, tuple[int, ...]] = {}  # issue id -> link ids, replaced on change (readers see whole tuples)
        self._next_id = FIRST_LINK_ID
        rng = random.Random(seed ^ 0x11C5)
        for i, issue_id in enumerate(issue_ids[1:], 1):
            if rng.random() < SEEDED_LINK_SHARE:
                self.add(issue_id, issue_ids[rng.randrange(i)], rng.randrange(len(LINK_TYPES)))

    def add(self, source: int, target: int, type_index: int) -> int:
        """Link `source` to `target` (source "blocks" target); returns the new link's id."""
        link_id, self._next_id = self._next_id, self._next_id + 1
        self.links[link_id] = (link_id, type_index, source, target)
        for issue_id in (source, target):
            self._of[issue_id] = (*self._of.get(issue_id, ()), link_id)
        return link_id

    def remove(self, link_id: int) -> tuple[int, int]:
        """Remove a link; returns its (source, target); KeyError when there is none."""
        _, _, source, target = self.links.pop(link_id)
        for issue_id in (source, target):
            self._of[issue_id] = tuple(i for i in self._of.get(issue_id, ()) if i != link_id)
        return source, target

    def drop_issue(self, issue_id: int) -> None:
        """Remove every link of a deleted issue, without touching the other issues (as JIRA does)."""
        for link_id in self._of.pop(issue_id, ()):
            if link_id in self.links:
                self.remove(link_id)
        self._of.pop(issue_id, None)

    def of_issue(self, issue_id: int) -> list[tuple[int, int, int, int]]:
        """The links of one issue, oldest first."""
        return [self.links[i] for i in self._of.get(issue_id, ()) if i in self.links]
