"""Converters from JIRA values to the Python value of each column type."""

import math
from datetime import date, datetime, timezone
from typing import Any, Callable

from jirasync_dagster.mapping.errors import ConversionError
from jirasync_dagster.mapping.shapes import raise_if_error_object, scalar_text, texts_of_list

Coercer = Callable[[Any], Any]

_TRUE_WORDS = frozenset({"true", "yes", "y", "on", "1"})
_FALSE_WORDS = frozenset({"false", "no", "n", "off", "0"})


def _unwrap_option(value: Any, type_name: str) -> Any:
    # Select lists hold numbers, dates and yes/no as option objects {value, id}.
    if isinstance(value, dict):
        raise_if_error_object(value)
        if "value" in value:
            return value["value"]
    if isinstance(value, (dict, list)):
        raise ConversionError(f"a {type(value).__name__} is not a {type_name}; use type json")
    return value


def to_number(value: Any) -> float | None:
    """A float from a JIRA number, numeric string or option; bools are not numbers."""
    value = _unwrap_option(value, "number")
    if isinstance(value, bool):
        raise ConversionError("a boolean is not a number")
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            value = float(value)
        except ValueError:
            raise ConversionError(f"{value[:40]!r} is not a number") from None
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConversionError(f"{value!r} is not a finite number")
    return float(value)


def to_integer(value: Any) -> int | None:
    """An int from a whole JIRA number (3 or 3.0); 3.5 is a failure, not a rounding."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = to_number(value)
    if number is None:
        return None
    if not number.is_integer():
        raise ConversionError(f"{number!r} is not a whole number; use type number")
    return int(number)


def to_boolean(value: Any) -> bool | None:
    """A bool from true/false, yes/no strings or options, or 0/1."""
    value = _unwrap_option(value, "boolean")
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    raise ConversionError(f"{value!r} is not a yes/no value")


def to_datetime(value: Any) -> datetime | None:
    """An aware datetime from a JIRA timestamp, keeping its UTC offset."""
    value = _unwrap_option(value, "datetime")
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        if len(value) == 10:
            raise ConversionError(f"{value!r} is a date without a time; use type date")
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ConversionError(f"{value[:40]!r} is not a timestamp") from None
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        # Data Center reports some timestamps as epoch milliseconds.
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    else:
        raise ConversionError(f"{value!r} is not a timestamp")
    if parsed.tzinfo is None:
        raise ConversionError(f"{value!s:.40} has no UTC offset, so its instant is unknown")
    return parsed


def to_date(value: Any) -> date | None:
    """A date from `2023-09-09`, or the local date of a timestamp in its own offset."""
    value = _unwrap_option(value, "date")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return date.fromisoformat(value)
            return datetime.fromisoformat(value).date()
        except ValueError:
            raise ConversionError(f"{value[:40]!r} is not a date") from None
    raise ConversionError(f"{value!r} is not a date")


def text_coercer(user_attribute: str) -> Coercer:
    """Text of a value; lists (multi-selects, sprints) are joined with ', '."""

    def to_text(value: Any) -> str | None:
        if isinstance(value, list):
            return ", ".join(texts_of_list(value, user_attribute)) or None
        return scalar_text(value, user_attribute)

    return to_text


def string_array_coercer(user_attribute: str) -> Coercer:
    """A list of texts; a single value becomes a one-element list."""

    def to_string_array(value: Any) -> list[str]:
        if isinstance(value, list):
            return texts_of_list(value, user_attribute)
        text = scalar_text(value, user_attribute)
        return [] if text is None else [text]

    return to_string_array


def _keep(value: Any) -> Any:
    return value


_FIXED_COERCERS: dict[str, Coercer] = {
    "integer": to_integer,
    "number": to_number,
    "boolean": to_boolean,
    "date": to_date,
    "datetime": to_datetime,
    "json": _keep,
}
_USER_AWARE_COERCERS: dict[str, Callable[[str], Coercer]] = {
    "string": text_coercer,
    "text": text_coercer,
    "string_array": string_array_coercer,
}


def coercer_for(type_name: str, user_attribute: str = "displayName") -> Coercer:
    """The converter of one column type; it raises ConversionError for values that do not fit."""
    if type_name in _USER_AWARE_COERCERS:
        return _USER_AWARE_COERCERS[type_name](user_attribute)
    return _FIXED_COERCERS[type_name]
