"""Text of the JIRA value shapes: users, options, named objects, sprints, rich text."""

import re
from typing import Any

from jirasync_dagster.mapping.adf import adf_to_text, is_adf_document
from jirasync_dagster.mapping.errors import ConversionError

USER_ATTRIBUTES = ("displayName", "accountId", "emailAddress", "name")

# Data Center's Sprint field (before the Agile REST API) is a Java toString(), e.g.
# com.atlassian.greenhopper.service.sprint.Sprint@1f39[id=3,rapidViewId=1,name=Sprint 12,...]
_DATA_CENTER_SPRINT = re.compile(r"^com\.atlassian\.greenhopper\.service\.sprint\.Sprint@\w*\[(.*)\]$", re.S)
# A sprint name may contain commas, so it ends only where the next `,key=` begins.
_SPRINT_NAME = re.compile(r"(?:^|,)name=(.*?)(?=,[A-Za-z]+=|$)", re.S)

# Keys that name an object, most specific first: options have `value`, components,
# versions, statuses and sprints `name`, issues (parent) `key`.
_NAME_KEYS = ("name", "value", "displayName", "key")


def data_center_sprint_name(text: str) -> str | None:
    """The sprint name in a Data Center sprint string, or None if `text` is not one."""
    match = _DATA_CENTER_SPRINT.match(text)
    if match is None:
        return None
    name = _SPRINT_NAME.search(match.group(1))
    return name.group(1) if name else None


def is_user(value: dict) -> bool:
    """True for a JIRA user object (Cloud has accountId, Data Center name/key)."""
    return "accountId" in value or "displayName" in value


def raise_if_error_object(value: dict) -> None:
    """JIRA Service Management puts `{errorMessage: ...}` where a field's value should be."""
    if "errorMessage" in value:
        raise ConversionError(f"JIRA returned an error instead of a value: {value['errorMessage']}")


def object_text(value: dict, user_attribute: str) -> str | None:
    """The text that stands for a JIRA object: a user's attribute, an option's value, a name."""
    raise_if_error_object(value)
    if is_adf_document(value):
        return adf_to_text(value) or None
    if is_user(value):
        # A hidden attribute (Cloud privacy settings hide emailAddress) is missing, not wrong.
        return value.get(user_attribute)
    for key in _NAME_KEYS:
        text = value.get(key)
        if text is not None:
            return str(text)
    raise ConversionError(
        f"an object with keys {sorted(value)[:8]} has no name, value or key; "
        "use a nested path (e.g. field.attribute) or type json"
    )


def scalar_text(value: Any, user_attribute: str) -> str | None:
    """Text of one JIRA value that is not a list."""
    if isinstance(value, str):
        if value.startswith("com.atlassian.greenhopper"):
            return data_center_sprint_name(value) or value
        return value
    if isinstance(value, dict):
        return object_text(value, user_attribute)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        raise ConversionError("a list inside a list has no single text")
    raise ConversionError(f"a {type(value).__name__} value has no text")


def texts_of_list(values: list, user_attribute: str) -> list[str]:
    """Texts of the non-null elements of a JIRA array (options, users, components, sprints)."""
    texts = []
    for element in values:
        if element is not None:
            text = scalar_text(element, user_attribute)
            if text is not None:
                texts.append(text)
    return texts
