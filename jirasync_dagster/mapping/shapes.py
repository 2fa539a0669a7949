"""Text of the JIRA value shapes: users, options, named objects, sprints, rich text."""

from typing import Any

from jirasync_dagster.mapping.adf import adf_to_text, is_adf_document
from jirasync_dagster.mapping.errors import ConversionError
from jirasync_dagster.mapping.sprint_values import data_center_sprint

USER_ATTRIBUTES = ("displayName", "accountId", "emailAddress", "name")

# Keys that name an object, most specific first: options have `value`, components,
# versions, statuses and sprints `name`, issues (parent) `key`.
_NAME_KEYS = ("name", "value", "displayName", "key")


def data_center_sprint_name(text: str) -> str | None:
    """The sprint name in a Data Center sprint string, or None if `text` is not one."""
    return (data_center_sprint(text) or {}).get("name")


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
