"""Values written in Postgres COPY text format, so a batch loads in one round trip."""

import datetime
import re
from collections.abc import Callable, Iterable

import orjson

# Postgres stores no NUL character in text or jsonb: one would fail the whole batch, so it
# becomes U+FFFD, the replacement character, in every column and in `raw`.
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": "\ufffd"})
# A JSON \u0000 escape, not an escaped backslash followed by "u0000".
_JSON_NUL = re.compile(rb"(?<!\\)((?:\\\\)*)\\u0000")
NULL = "\\N"


def as_stored(value):
    """`value` as the warehouse holds it once written: every NUL character made U+FFFD."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, (list, tuple)):
        return [as_stored(v) for v in value]
    if isinstance(value, dict):
        return {as_stored(k): as_stored(v) for k, v in value.items()}
    return value


def _array_item(value) -> str:
    if value is None:
        return "NULL"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(value: str) -> str:
    # Most values hold none of the special characters: a few C scans beat translate().
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value or "\x00" in value:
        return value.translate(_TEXT_ESCAPES)
    return value


def _json_text(encoded: bytes) -> str:
    """JSON bytes as a COPY text field, any \\u0000 escape made U+FFFD."""
    if b"\\u0000" in encoded:
        encoded = _JSON_NUL.sub(rb"\1\\ufffd", encoded)
    return _text(encoded.decode())


def array_literal(values: Iterable) -> str:
    """`values` as one Postgres array literal, `{"1","2",NULL}`, to bind as a single parameter.

    psycopg2 renders a Python list as ARRAY[...] with one SQL expression per element, which
    the server parses and plans one by one: 10x slower for 1,000 ids or timestamps.
    """
    return "{" + ",".join([_array_item(v) for v in values]) + "}"


def _array(value) -> str:
    return _text(array_literal(value))


def _json(value) -> str:
    return _json_text(orjson.dumps(value))


# Exact types only: a subclass (bool of int, datetime of date) takes the general path below.
_BY_TYPE: dict[type, Callable[[object], str]] = {
    str: _text,
    bool: lambda v: "t" if v else "f",
    int: repr,
    float: repr,
    datetime.datetime: datetime.datetime.isoformat,
    datetime.date: datetime.date.isoformat,
    list: _array,
    tuple: _array,
}


def copy_value(value) -> str:
    """One field in COPY text format (NULL, escaped text, ISO dates, JSON, arrays)."""
    if value is None:
        return NULL
    encode = _BY_TYPE.get(type(value))
    if encode is not None:
        return encode(value)
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return _array(value)
    return _json(value)


def json_value(value) -> str:
    """A jsonb field in COPY text format; None is SQL NULL, not JSON `null`; bytes are JSON already."""
    if value is None:
        return NULL
    if type(value) is bytes:
        # JSON as a server sent it may also hold newlines or tabs between its tokens.
        return _json_text(value)
    return _json(value)


def copy_row_lines(rows: Iterable[tuple], encoders: list[Callable]) -> list[str]:
    """Rows as COPY text lines (without their newline), each column written by its encoder."""
    encoders = list(encoders)
    if all(enc is copy_value for enc in encoders):
        # The common case of plain columns: dispatch on type without the wrapper call.
        return [
            "\t".join([NULL if v is None else (_BY_TYPE.get(type(v)) or copy_value)(v) for v in row])
            for row in rows
        ]
    return ["\t".join([enc(v) for enc, v in zip(encoders, row)]) for row in rows]


def copy_lines(rows: Iterable[tuple], encoders: list[Callable]) -> bytes:
    """Rows as COPY text lines in UTF-8, each column written by its encoder."""
    lines = copy_row_lines(rows, encoders)
    lines.append("")
    # Encoded once here, not chunk by chunk inside psycopg2's copy loop.
    return "\n".join(lines).encode()
