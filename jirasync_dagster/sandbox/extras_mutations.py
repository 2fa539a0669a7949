"""Comment and link mutations of SandboxInstance, and the views tests compare a warehouse with."""

from .comments import MUTATION_COMMENT_BASE, comments_of
from .links import LINK_TYPES
from .timefmt import to_datetime


class ExtrasMutations:
    """Mixed into SandboxInstance: it provides lock, links, _live, _tick and _record_change."""

    _next_comment = MUTATION_COMMENT_BASE

    def comments(self, r) -> tuple:
        """Every comment of a record, oldest first."""
        return comments_of(r, self.spec.many_comments_every)

    def add_comment(self, key_or_id, body) -> dict:
        """Add a comment by the sandbox account; bumps the issue's `updated` as JIRA does; returns {id}."""
        with self.lock:
            r = self._live(key_or_id)
            now = self._tick()
            self._next_comment += 1
            r.comments = (*self.comments(r), (self._next_comment, None, now, now, body))
            r.updated = now
            return {"id": str(self._next_comment)}

    def edit_comment(self, key_or_id, comment_id, body) -> None:
        """Replace a comment's body; bumps its and the issue's `updated`."""
        with self.lock:
            r = self._live(key_or_id)
            self._comment(r, comment_id)
            now = self._tick()
            r.comments = tuple((i, a, created, now, body) if i == int(comment_id) else (i, a, created, updated, b)
                               for i, a, created, updated, b in self.comments(r))
            r.updated = now

    def delete_comment(self, key_or_id, comment_id) -> None:
        """Delete a comment; bumps the issue's `updated`."""
        with self.lock:
            r = self._live(key_or_id)
            self._comment(r, comment_id)
            r.updated = self._tick()
            r.comments = tuple(comment for comment in self.comments(r) if comment[0] != int(comment_id))

    def add_link(self, source, target, type_name: str = "Blocks") -> dict:
        """Link two issues (source `type_name`'s outward verb target); bumps both; returns {id}."""
        with self.lock:
            a, b = self._live(source), self._live(target)
            type_index = next((i for i, t in enumerate(LINK_TYPES) if t[1].lower() == type_name.lower()), None)
            if type_index is None:
                raise ValueError(f"No issue link type named '{type_name}'")
            link_id = self.links.add(a.id, b.id, type_index)
            self._link_changed(a, b, LINK_TYPES[type_index], added=True)
            return {"id": str(link_id)}

    def remove_link(self, link_id) -> None:
        """Remove a link; bumps both issues' `updated`."""
        with self.lock:
            if int(link_id) not in self.links.links:
                raise KeyError(f"No issue link with id '{link_id}' exists.")
            type_index = self.links.links[int(link_id)][1]
            source, target = self.links.remove(int(link_id))
            live = [self.record(i) for i in (source, target)]
            if None not in live:
                self._link_changed(*live, LINK_TYPES[type_index], added=False)

    def _link_changed(self, source, target, link_type, *, added: bool) -> None:
        # JIRA records the change as a "Link" history item on both issues.
        now = self._tick()
        for r, verb, other in ((source, link_type[3], target), (target, link_type[2], source)):
            text = f"This issue {verb} {other.key}"
            r.updated = now
            self._record_change(r, now, [{"field": "Link", "fieldtype": "jira", "fieldId": "issuelinks",
                                          "from": None if added else other.key, "fromString": None if added else text,
                                          "to": other.key if added else None, "toString": text if added else None}])

    def _comment(self, r, comment_id) -> None:
        if not any(comment[0] == int(comment_id) for comment in self.comments(r)):
            raise KeyError(f"Can not find a comment for the id: {comment_id}.")

    def comment_snapshot(self) -> dict[int, tuple]:
        """Every comment of a live issue: {comment id: (issue id, project, updated)}."""
        with self.lock:
            records = list(self._by_id.values())
        return {cid: (r.id, r.project, to_datetime(updated))
                for r in records for cid, _, _, updated, _ in self.comments(r)}

    def link_snapshot(self) -> set[tuple]:
        """Every link side of a live issue: (link id, issue id, direction, type name, other id, other key)."""
        with self.lock:
            sides = set()
            for link_id, type_index, source, target in self.links.links.values():
                a, b = self._by_id[source], self._by_id[target]
                name = LINK_TYPES[type_index][1]
                sides |= {(link_id, a.id, "outward", name, b.id, b.key), (link_id, b.id, "inward", name, a.id, a.key)}
            return sides
