"""Compiles a parsed JQL query to a record predicate, a project pre-filter and a sort."""

import operator
import re
from datetime import datetime, tzinfo
from typing import Callable, NamedTuple, Protocol

from .lexer import JqlError
from .parser import BoolOp, Clause, Query, Value

_COMPARE = {"=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_EQUALITY = ("=", "!=", "in", "not in")
_DATE_FORMATS = ("%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d", "%Y-%m-%d")
_PERIOD = re.compile(r"^([-+]?)(\d+)([wdhm])$")
_PERIOD_MS = {"w": 604_800_000, "d": 86_400_000, "h": 3_600_000, "m": 60_000}
_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)-(\d+)$")
_SORTABLE = {"updated": "updated", "created": "created", "key": "sort_key", "issuekey": "sort_key", "id": "id"}


class JqlEnvironment(Protocol):
    """What compiling needs to know about the instance being searched."""

    tz: tzinfo

    def now_ms(self) -> int: """The current time in epoch ms."""
    def project_key(self, value: str) -> str | None: """A visible project's key for a key, name or id."""
    def key_exists(self, project: str, number: int) -> bool: """Whether an issue has this key now."""
    def refuses_id(self, issue_id: int) -> bool: """Whether naming this id is an error (no issue has it, and the site checks)."""
    def status_index(self, value: str) -> int | None: """A status index for a name or id."""
    def type_index(self, value: str) -> int | None: """An issue type index for a name or id."""


class CompiledQuery(NamedTuple):
    """A predicate over records, the projects that can match (None = any) and the ORDER BY."""

    predicate: Callable
    projects: frozenset[str] | None
    order: tuple[tuple[str, bool], ...]


def compile_query(query: Query, env: JqlEnvironment) -> CompiledQuery:
    """Check every clause against the instance and build the evaluator."""
    order = []
    for name, descending in query.order:
        attribute = _SORTABLE.get(name.lower())
        if attribute is None:
            raise JqlError(f"Not able to sort using field '{name}'.")
        order.append((attribute, descending))
    if query.where is None:
        return CompiledQuery(lambda r: True, None, tuple(order))
    return CompiledQuery(_node(query.where, env), _projects(query.where, env), tuple(order))


def _node(node, env: JqlEnvironment) -> Callable:
    """The predicate of an AND / OR / NOT node or a clause."""
    if isinstance(node, BoolOp):
        parts = [_node(p, env) for p in node.parts]
        if node.op == "not":
            return lambda r: not parts[0](r)
        if node.op == "and":
            return lambda r: all(p(r) for p in parts)
        return lambda r: any(p(r) for p in parts)
    return _clause(node, env)


def _projects(node, env: JqlEnvironment) -> frozenset[str] | None:
    """Projects a match must belong to, so search scans one project index, not the store."""
    if isinstance(node, Clause):
        if node.field.lower() == "project" and node.op in ("=", "in"):
            return frozenset(env.project_key(v.text) for v in node.values)
        return None
    if node.op == "not":
        return None
    sets = [_projects(p, env) for p in node.parts]
    known = [s for s in sets if s is not None]
    if node.op == "and":
        return frozenset.intersection(*known) if known else None
    return frozenset.union(*known) if len(known) == len(sets) else None


def _match(attribute: str, op: str, values: list) -> Callable:
    """A predicate comparing record.attribute with converted values."""
    get = operator.attrgetter(attribute)
    if op in ("in", "not in"):
        wanted = frozenset(values)
        return (lambda r: get(r) in wanted) if op == "in" else (lambda r: get(r) not in wanted)
    compare, value = _COMPARE[op], values[0]
    return lambda r: compare(get(r), value)


def _clause(clause: Clause, env: JqlEnvironment) -> Callable:
    """The predicate of one `field op value` clause, validating its values."""
    field, op = clause.field.lower(), clause.op
    if op in ("~", "!~", "is", "is not"):
        raise JqlError(f"The operator '{op.upper()}' is not supported by the '{clause.field}' field.")
    texts = [v.text for v in clause.values]
    if field in ("project", "status", "issuetype", "type") and op not in _EQUALITY:
        raise JqlError(f"The operator '{op}' is not supported by the '{clause.field}' field.")
    if field == "project":
        return _match("project", op, [_known(env.project_key(t), t, "project") for t in texts])
    if field == "status":
        return _match("status_i", op, [_known(env.status_index(t), t, "status") for t in texts])
    if field in ("issuetype", "type"):
        return _match("type_i", op, [_known(env.type_index(t), t, "issuetype") for t in texts])
    if field in ("key", "issuekey"):
        return _match("sort_key", op, [_issue_key(t, op, env) for t in texts])
    if field == "id":
        if not all(t.isdigit() for t in texts):
            raise JqlError(f"The issue id '{next(t for t in texts if not t.isdigit())}' for field 'id' is invalid.")
        refused = next((t for t in texts if op in _EQUALITY and env.refuses_id(int(t))), None)
        if refused is not None:
            raise JqlError(f"An issue with key '{refused}' does not exist for field 'id'.")
        return _match("id", op, [int(t) for t in texts])
    if field in ("updated", "created", "updateddate", "createddate"):
        attribute = "updated" if field.startswith("updated") else "created"
        return _match(attribute, op, [_date_ms(v, clause.field, env) for v in clause.values])
    raise JqlError(f"Field '{clause.field}' does not exist or you do not have permission to view it.")


def _known(resolved, text: str, field: str):
    """The resolved value, or JIRA's 'does not exist' error for the field."""
    if resolved is None:
        raise JqlError(f"The value '{text}' does not exist for the field '{field}'"
                       + (" or you do not have permission to view it." if field == "project" else "."))
    return resolved


def _issue_key(text: str, op: str, env: JqlEnvironment) -> tuple[str, int]:
    """(project, number) of an issue key; equality needs the issue to exist, like JIRA."""
    m = _KEY.match(text)
    if not m:
        raise JqlError(f"The issue key '{text}' for field 'key' is invalid.")
    key = (m.group(1).upper(), int(m.group(2)))
    if op in _EQUALITY and not env.key_exists(*key):
        raise JqlError(f"An issue with key '{text}' does not exist for field 'key'.")
    return key


def _date_ms(value: Value, field: str, env: JqlEnvironment) -> int:
    """Epoch ms of a JQL date: epoch ms, a period like -5d, or a date in the user's zone."""
    text = value.text.strip()
    if text.isdigit() and not value.quoted:
        return int(text)
    period = _PERIOD.match(text)
    if period:
        sign = -1 if period.group(1) == "-" else 1
        return env.now_ms() + sign * int(period.group(2)) * _PERIOD_MS[period.group(3)]
    for fmt in _DATE_FORMATS:
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        # A literal is the start of its minute in the searching user's time zone.
        return int(moment.replace(tzinfo=env.tz).timestamp()) * 1000
    raise JqlError(
        f"Date value '{text}' for field '{field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', "
        f"'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."
    )
