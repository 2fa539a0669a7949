"""JQL tokens: parentheses, commas, operators, quoted strings, bare words and keywords."""

from typing import NamedTuple

KEYWORDS = frozenset({"and", "or", "not", "in", "order", "by", "asc", "desc", "is", "empty", "null"})
_OPERATORS = ("!=", "<=", ">=", "!~", "=", "<", ">", "~")
# Characters that end a bare word; everything else (letters, digits, - / : . _) belongs to it.
_BREAKS = set(" \t\r\n()\",'=!<>~")


class JqlError(ValueError):
    """A query JIRA would reject with 400; the message is shown to the caller."""


class Token(NamedTuple):
    """One token: kind is ( ) , op string word kw eof; pos is its 0-based character offset."""

    kind: str
    value: str
    pos: int


def tokenize(text: str) -> list[Token]:
    """Split a JQL string into tokens, ending with an eof token."""
    tokens, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "(),":
            tokens.append(Token(ch, ch, i))
            i += 1
        elif ch in "\"'":
            end, value = i + 1, []
            while end < n and text[end] != ch:
                # A backslash escapes the next character, as in JIRA.
                if text[end] == "\\" and end + 1 < n:
                    end += 1
                value.append(text[end])
                end += 1
            if end >= n:
                raise JqlError(f"Error in the JQL Query: The quoted string '{text[i + 1:]}' has not been completed. "
                               f"(line 1, character {i + 1})")
            tokens.append(Token("string", "".join(value), i))
            i = end + 1
        else:
            op = next((o for o in _OPERATORS if text.startswith(o, i)), None)
            if op:
                tokens.append(Token("op", op, i))
                i += len(op)
                continue
            end = i
            while end < n and text[end] not in _BREAKS:
                end += 1
            word = text[i:end]
            tokens.append(Token("kw" if word.lower() in KEYWORDS else "word", word, i))
            i = end
    tokens.append(Token("eof", "", n))
    return tokens
