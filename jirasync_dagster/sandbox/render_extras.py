"""Comments and issue links as JIRA renders them, in search results and on their own endpoint."""

from .links import LINK_TYPES
from .objects import adf

# How many comments search embeds in an issue's `comment` field. Real JIRA caps it too (the
# recorded pages only show small issues, where maxResults equals total); 20 is the low end
# of what sites embed, so the sync's paging of /comment is exercised by every many-comments issue.
COMMENTS_IN_SEARCH = 20


class ExtrasRenderer:
    """Renders the `comment` and `issuelinks` fields of one instance and API version."""

    def __init__(self, instance, objects, api_url: str, datetime):
        self.instance, self.o, self.api_url, self.datetime = instance, objects, api_url, datetime

    def comment_field(self, r) -> dict:
        """The `comment` field of a search result: the first COMMENTS_IN_SEARCH comments and the total."""
        every = self.instance.comments(r)
        shown = [self.comment(r, c) for c in every[:COMMENTS_IN_SEARCH]]
        return {"comments": shown, "self": f"{self.api_url}/issue/{r.id}/comment", "maxResults": len(shown),
                "total": len(every), "startAt": 0}

    def comment(self, r, comment) -> dict:
        """One comment: ADF body in v3, plain text in v2 (a stored document is sent as it was given)."""
        comment_id, author_i, created, updated, body = comment
        author = self.o.me if author_i is None else self.o.users[author_i]
        if isinstance(body, str):
            body = adf(*body.split("\n\n")) if self.o.rich else body
        result = {"self": f"{self.api_url}/issue/{r.id}/comment/{comment_id}", "id": str(comment_id),
                  "author": author, "body": body, "updateAuthor": author,
                  "created": self.datetime(created), "updated": self.datetime(updated)}
        if self.instance.spec.is_cloud:
            result["jsdPublic"] = True
        return result

    def links(self, r) -> list[dict]:
        """The `issuelinks` field: each link with the other issue under inwardIssue or outwardIssue."""
        result = []
        for link_id, type_index, source, target in self.instance.links.of_issue(r.id):
            other = self.instance.record(target if source == r.id else source)
            if other is None:
                continue
            type_id, name, inward, outward = LINK_TYPES[type_index]
            result.append({
                "id": str(link_id), "self": f"{self.api_url}/issueLink/{link_id}",
                "type": {"id": type_id, "name": name, "inward": inward, "outward": outward,
                         "self": f"{self.api_url}/issueLinkType/{type_id}"},
                "outwardIssue" if source == r.id else "inwardIssue": self.issue_ref(other),
            })
        return result

    def issue_ref(self, p) -> dict:
        """Another issue as JIRA embeds it in a link or as a parent: id, key and a few fields."""
        return {"id": str(p.id), "key": p.key, "self": f"{self.api_url}/issue/{p.id}",
                "fields": {"summary": p.summary, "status": self.o.statuses[p.status_i],
                           "priority": self.o.priorities[p.priority_i], "issuetype": self.o.issue_types[p.type_i]}}
