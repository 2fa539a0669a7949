"""Shared JSON objects one instance and API version embed in issues (users, statuses, ...)."""

from . import catalog as c
from .dataset import USER_COUNT

PROJECT_NAMES = {"ENG": "Engineering", "OPS": "Operations", "SUP": "Support", "DATA": "Data Platform", "WEB": "Website"}


def avatars(url: str) -> dict:
    """The four avatar sizes JIRA attaches to users and projects."""
    return {f"{s}x{s}": f"{url}?s={s}" for s in (48, 24, 16, 32)}


def adf(*paragraphs: str) -> dict:
    """An Atlassian Document Format document of plain paragraphs (v3 rich text)."""
    return {
        "type": "doc", "version": 1,
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": p}]} for p in paragraphs],
    }


class SharedObjects:
    """Objects built once per (instance, API version) so rendering an issue only links them."""

    def __init__(self, base_url: str, api: int, is_cloud: bool, time_zone: str):
        self.api_url = f"{base_url}/rest/api/{api}"
        self.rich = api == 3
        self.me = self._me(base_url, is_cloud, time_zone)
        self.users = [self._user(i, base_url, is_cloud) for i in range(USER_COUNT)]
        self.statuses = [self._status(*s) for s in c.STATUSES]
        self.priorities = [
            {"self": f"{self.api_url}/priority/{pid}", "iconUrl": f"{base_url}/images/icons/priorities/{name.lower()}.svg",
             "name": name, "id": pid}
            for pid, name in c.PRIORITIES
        ]
        self.issue_types = [self._issue_type(*t, base_url, is_cloud) for t in c.ISSUE_TYPES]
        self.resolutions = [
            {"self": f"{self.api_url}/resolution/{rid}", "id": rid, "description": text, "name": name}
            for rid, name, text in c.RESOLUTIONS
        ]
        self.tiers = self._options(10100, c.TIERS)
        self.escalated = self._options(10200, ("No", "Yes"))
        self.areas = self._options(10300, c.AREAS)
        self.texts = [self.text(s, c.SENTENCES[(i + 3) % len(c.SENTENCES)]) for i, s in enumerate(c.SENTENCES)]
        self.environments = [self.text(e) for e in c.ENVIRONMENTS]

    def text(self, *paragraphs: str):
        """Rich text: an ADF document in v3, a plain string in v2."""
        return adf(*paragraphs) if self.rich else "\n\n".join(paragraphs)

    def _user(self, i: int, base_url: str, is_cloud: bool) -> dict:
        """A Cloud user (accountId) or a Data Center user (name and key)."""
        first, last = c.FIRST_NAMES[i % len(c.FIRST_NAMES)], c.LAST_NAMES[i % len(c.LAST_NAMES)]
        login = f"{first}.{last}".lower()
        user = {"self": "", "accountId": f"5f8e{i:04d}a1b2c3d4e5f6{i:04d}", "name": login, "key": f"JIRAUSER{10100 + i}"}
        if is_cloud:
            del user["name"], user["key"]
            user["self"] = f"{self.api_url}/user?accountId={user['accountId']}"
        else:
            del user["accountId"]
            user["self"] = f"{self.api_url}/user?username={login}"
        user.update(
            emailAddress=f"{login}@example.com", avatarUrls=avatars(f"{base_url}/avatar/{i}"),
            displayName=f"{first} {last}", active=i % 13 != 12,
            timeZone=c.USER_TIME_ZONES[i % len(c.USER_TIME_ZONES)],
        )
        if is_cloud:
            user["accountType"] = "atlassian"
        return user

    def _me(self, base_url: str, is_cloud: bool, time_zone: str) -> dict:
        """The sandbox account: the authenticated user and author of API mutations."""
        if is_cloud:
            me = {"self": f"{self.api_url}/user?accountId=sandbox-0001", "accountId": "sandbox-0001"}
        else:
            me = {"self": f"{self.api_url}/user?username=sandbox", "name": "sandbox", "key": "JIRAUSER10000"}
        me.update(emailAddress="sandbox@example.com", avatarUrls=avatars(f"{base_url}/avatar/me"),
                  displayName="Sandbox Admin", active=True, timeZone=time_zone)
        return me

    def _status(self, sid: str, name: str, category: str) -> dict:
        """A workflow status with its status category."""
        cid, cname, colour = c.STATUS_CATEGORIES[category]
        return {
            "self": f"{self.api_url}/status/{sid}", "description": "", "iconUrl": f"{self.api_url}/status/{sid}.png",
            "name": name, "id": sid,
            "statusCategory": {"self": f"{self.api_url}/statuscategory/{cid}", "id": cid, "key": category,
                               "colorName": colour, "name": cname},
        }

    def _issue_type(self, tid, name, level, text, base_url, is_cloud) -> dict:
        """An issue type; only Cloud reports the hierarchy level."""
        result = {"self": f"{self.api_url}/issuetype/{tid}", "id": tid, "description": text,
                  "iconUrl": f"{base_url}/images/icons/issuetypes/{name.lower()}.svg", "name": name,
                  "subtask": False, "avatarId": 10300 + int(tid) % 100}
        if is_cloud:
            result["hierarchyLevel"] = level
        return result

    def _options(self, first_id: int, values) -> list[dict]:
        """Select-list options {self, value, id}."""
        return [{"self": f"{self.api_url}/customFieldOption/{first_id + i}", "value": v, "id": str(first_id + i)}
                for i, v in enumerate(values)]

    def project(self, project_id: int, key: str, name: str, base_url: str) -> dict:
        """A project reference as embedded in an issue."""
        return {"self": f"{self.api_url}/project/{project_id}", "id": str(project_id), "key": key, "name": name,
                "projectTypeKey": "software", "simplified": False,
                "avatarUrls": avatars(f"{base_url}/project-avatar/{project_id}")}
