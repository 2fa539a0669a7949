"""Which JIRA field on each instance most likely holds a logical field, by name and type."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# /field schema types -> the column type that holds them without loss.
_SCHEMA_COLUMN_TYPES = {
    "number": "number", "string": "string", "date": "date", "datetime": "datetime", "option": "string",
    "user": "string", "priority": "string", "status": "string", "issuetype": "string", "resolution": "string",
    "project": "string", "version": "string", "component": "string", "any": "string", "array": "string_array",
}
TYPE_BONUS = 0.15
MINIMUM_SCORE = 0.5


@dataclass(frozen=True)
class FieldCandidate:
    """A field of one instance that may hold the wanted value."""

    instance: str
    field_id: str
    name: str
    column_type: str
    score: float


def column_type_of(schema: dict | None) -> str:
    """The column type suited to a /field schema (json when JIRA gives no simple shape)."""
    schema = schema or {}
    if str(schema.get("custom", "")).endswith(":textarea"):
        return "text"
    return _SCHEMA_COLUMN_TYPES.get(schema.get("type"), "json")


def column_name_for(text: str) -> str:
    """A column name from a logical name: `Story Points` -> `story_points`."""
    name = "_".join(_words(text))
    return name if name[:1].isalpha() else f"f_{name}"


def similarity(query: str, name: str) -> float:
    """0..1: how alike two field names are, ignoring case, punctuation and word order."""
    query_words, name_words = _words(query), _words(name)
    if not query_words or not name_words:
        return 0.0
    shared = len(set(query_words) & set(name_words)) / len(set(query_words) | set(name_words))
    return max(shared, SequenceMatcher(None, " ".join(query_words), " ".join(name_words)).ratio())


def suggest_fields(query: str, fields: list[dict], type_name: str | None = None, per_instance: int = 3,
                   ) -> dict[str, list[FieldCandidate]]:
    """Instance -> its best candidates for `query`, best first; `fields` are jira_field_cache rows."""
    found: dict[str, list[FieldCandidate]] = {}
    for row in fields:
        column_type = column_type_of(row.get("schema"))
        score = max(similarity(query, row.get("name") or ""), similarity(query, row["field_id"]))
        if type_name and column_type == type_name:
            score += TYPE_BONUS
        if score >= MINIMUM_SCORE:
            candidate = FieldCandidate(row["instance"], row["field_id"], row.get("name") or "", column_type,
                                       round(min(score, 1.0), 3))
            found.setdefault(row["instance"], []).append(candidate)
    return {instance: sorted(candidates, key=lambda c: (-c.score, c.field_id))[:per_instance]
            for instance, candidates in sorted(found.items())}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())
