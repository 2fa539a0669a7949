"""The Sprint custom field's values: Cloud's sprint objects and Data Center's GreenHopper strings."""

import re

# Data Center's Sprint field (before the Agile REST API) is a Java toString(), e.g.
# com.atlassian.greenhopper.service.sprint.Sprint@1f39[id=3,rapidViewId=1,name=Sprint 12,...]
_DATA_CENTER_SPRINT = re.compile(r"^com\.atlassian\.greenhopper\.service\.sprint\.Sprint@\w*\[(.*)\]$", re.S)
# A value (a sprint name, a goal) may contain commas, so it ends only where the next `,key=` begins.
_ATTRIBUTE = re.compile(r"(?:^|,)([A-Za-z]+)=(.*?)(?=,[A-Za-z]+=|$)", re.S)
SPRINT_FIELD_TYPE = "com.pyxis.greenhopper.jira:gh-sprint"


def data_center_sprint(text: str) -> dict[str, str] | None:
    """The attributes of a Data Center sprint string (`<null>` as None), or None if `text` is not one."""
    match = _DATA_CENTER_SPRINT.match(text)
    if match is None:
        return None
    return {key: None if value == "<null>" else value for key, value in _ATTRIBUTE.findall(match.group(1))}


def sprint_id(value) -> int | None:
    """The id of one element of a Sprint field (an object or a string), or None when it names none."""
    if isinstance(value, dict):
        found = value.get("id")
    elif isinstance(value, str):
        found = (data_center_sprint(value) or {}).get("id")
    else:
        return None
    try:
        return int(found)
    except (TypeError, ValueError):
        return None


def sprint_field_ids(fields: list[dict]) -> list[str]:
    """The ids of the Sprint custom fields in a `/field` list (or jira_field_cache rows), by schema."""
    return sorted(f["id"] for f in fields if ((f.get("schema") or {}).get("custom") == SPRINT_FIELD_TYPE))
