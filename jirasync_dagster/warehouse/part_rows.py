"""Rows of jira_versions, jira_components, jira_boards and jira_sprints from JIRA's JSON."""

from datetime import date, datetime


def _day(value) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _moment(value) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _user(value) -> tuple:
    user = value or {}
    return user.get("displayName"), user.get("accountId") or user.get("name") or user.get("key")


def version_row(project_key: str, v: dict) -> dict:
    """A version of `/project/{key}/versions`."""
    return {"version_id": int(v["id"]), "project_key": project_key, "name": v.get("name"),
            "description": v.get("description"), "archived": v.get("archived"), "released": v.get("released"),
            "start_date": _day(v.get("startDate")), "release_date": _day(v.get("releaseDate")), "raw": v}


def component_row(project_key: str, c: dict) -> dict:
    """A component of `/project/{key}/components`."""
    lead, lead_id = _user(c.get("lead"))
    return {"component_id": int(c["id"]), "project_key": project_key, "name": c.get("name"),
            "description": c.get("description"), "lead": lead, "lead_id": lead_id,
            "assignee_type": c.get("assigneeType"), "raw": c}


def board_row(project_key: str, b: dict) -> dict:
    """A board of the Agile API; its project is its location's, else the project it was listed for."""
    located = (b.get("location") or {}).get("projectKey")
    return {"board_id": int(b["id"]), "project_key": located or project_key, "name": b.get("name"),
            "type": b.get("type"), "raw": b}


def sprint_row(s: dict, listed_on: int | None = None) -> dict:
    """A sprint of the Agile API (Cloud dates end in `Z`, Data Center's carry the site's offset); its board is
    the one it was made on, else (older Data Center sends no `originBoardId`) the board it was listed on."""
    board = s.get("originBoardId") or listed_on
    return {"sprint_id": int(s["id"]), "board_id": None if board is None else int(board), "name": s.get("name"),
            "state": s.get("state"), "goal": s.get("goal"), "start_date": _moment(s.get("startDate")),
            "end_date": _moment(s.get("endDate")), "complete_date": _moment(s.get("completeDate")), "raw": s}
