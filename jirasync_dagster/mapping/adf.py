"""Plain text from Atlassian Document Format (the rich text of the v3 API)."""

from typing import Any


def _mention(node: dict) -> str:
    attrs = node.get("attrs") or {}
    text = attrs.get("text") or attrs.get("id") or ""
    return text if text.startswith("@") else f"@{text}"


def _emoji(node: dict) -> str:
    attrs = node.get("attrs") or {}
    return attrs.get("text") or attrs.get("shortName") or ""


def _attr(name: str):
    return lambda node: str((node.get("attrs") or {}).get(name) or "")


_INLINE_RENDERERS = {
    "text": lambda node: node.get("text") or "",
    "hardBreak": lambda node: "\n",
    "mention": _mention,
    "emoji": _emoji,
    "inlineCard": _attr("url"),
    "status": _attr("text"),
    "date": _attr("timestamp"),
}


def is_adf_document(value: Any) -> bool:
    """True when `value` is an ADF document such as a v3 description."""
    return isinstance(value, dict) and value.get("type") == "doc" and "content" in value


def adf_to_text(document: dict) -> str:
    """Text of an ADF document: one line per paragraph, heading, list item or cell."""
    lines: list[str] = []
    _collect_lines(document, lines)
    return "\n".join(lines)


def _collect_lines(node: dict, lines: list[str]) -> None:
    # Inline children of one block form one line; block children recurse, so lists,
    # tables and panels flatten to a line per paragraph.
    pending: list[str] = []
    for child in node.get("content") or ():
        render = _INLINE_RENDERERS.get(child.get("type"))
        if render is not None:
            pending.append(render(child))
            continue
        if pending:
            lines.append("".join(pending))
            pending = []
        _collect_lines(child, lines)
    # An empty paragraph is a deliberate blank line in the editor, so it is kept.
    if pending or (node.get("type") in ("paragraph", "heading") and not node.get("content")):
        lines.append("".join(pending))


def body_text(body: Any) -> str | None:
    """The plain text of a comment body: a v2 string as it is, a v3 document converted; None when malformed."""
    if isinstance(body, str):
        return body
    try:
        return adf_to_text(body) if is_adf_document(body) else None
    except (AttributeError, TypeError, ValueError):  # malformed ADF: a node or content of the wrong type
        return None
