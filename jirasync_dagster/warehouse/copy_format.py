"""Values written in Postgres COPY text format, so a batch loads in one round trip."""

import datetime
from collections.abc import Callable, Iterable

import orjson

_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def _array_item(value) -> str:
    if value is None:
        return "NULL"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def copy_value(value) -> str:
    """One field in COPY text format (NULL, escaped text, ISO dates, JSON, arrays)."""
    if value is None:
        return NULL
    if isinstance(value, str):
        return value.translate(_TEXT_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ("{" + ",".join(_array_item(v) for v in value) + "}").translate(_TEXT_ESCAPES)
    return orjson.dumps(value).decode().translate(_TEXT_ESCAPES)


def json_value(value) -> str:
    """A jsonb field in COPY text format."""
    return orjson.dumps(value).decode().translate(_TEXT_ESCAPES)


def copy_lines(rows: Iterable[tuple], encoders: list[Callable]) -> str:
    """Rows as COPY text lines, each column written by its encoder."""
    return "".join("\t".join(enc(v) for enc, v in zip(encoders, row)) + "\n" for row in rows)
