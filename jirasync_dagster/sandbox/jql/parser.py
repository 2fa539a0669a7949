"""Recursive-descent JQL parser: OR of ANDs of [NOT] clauses, parentheses, ORDER BY."""

from typing import NamedTuple

from .lexer import JqlError, Token, tokenize


class Value(NamedTuple):
    """A literal; `quoted` matters for dates (an unquoted number is epoch milliseconds)."""

    text: str
    quoted: bool


class Clause(NamedTuple):
    """`field op value(s)`; op is one of = != < <= > >= in, not in, is, is not."""

    field: str
    op: str
    values: tuple[Value, ...]
    pos: int


class BoolOp(NamedTuple):
    """AND / OR over two or more parts, or NOT over one."""

    op: str
    parts: tuple


class Query(NamedTuple):
    """A parsed query: a condition (None matches everything) and ORDER BY (field, descending)."""

    where: object
    order: tuple[tuple[str, bool], ...]


def parse(text: str) -> Query:
    """Parse JQL text, raising JqlError with JIRA-like messages."""
    return _Parser(tokenize(text or "")).query()


class _Parser:
    """One pass over the token list."""

    def __init__(self, tokens: list[Token]):
        self.tokens, self.i = tokens, 0

    @property
    def tok(self) -> Token:
        """The current token."""
        return self.tokens[self.i]

    def is_kw(self, *words: str) -> bool:
        """Whether the current token is one of these keywords."""
        return self.tok.kind == "kw" and self.tok.value.lower() in words

    def fail(self, expected: str):
        """Raise the error JIRA gives for an unexpected token."""
        got = "end of query" if self.tok.kind == "eof" else f"'{self.tok.value}'"
        raise JqlError(f"Error in the JQL Query: Expecting {expected} but got {got}. (line 1, character {self.tok.pos + 1})")

    def expect_kw(self, word: str):
        """Consume a keyword or fail."""
        if not self.is_kw(word):
            self.fail(f"'{word.upper()}'")
        self.i += 1

    def query(self) -> Query:
        """query := [or] [ORDER BY field [ASC|DESC] (, field [ASC|DESC])*] eof"""
        where = None if self.is_kw("order") or self.tok.kind == "eof" else self.or_expr()
        order = []
        if self.is_kw("order"):
            self.i += 1
            self.expect_kw("by")
            while True:
                if self.tok.kind not in ("word", "string"):
                    self.fail("a field name")
                name = self.tok.value
                self.i += 1
                descending = self.is_kw("desc")
                if descending or self.is_kw("asc"):
                    self.i += 1
                order.append((name, descending))
                if self.tok.kind != ",":
                    break
                self.i += 1
        if self.tok.kind != "eof":
            self.fail("either 'OR' or 'AND'" if where is not None and not order else "end of query")
        return Query(where, tuple(order))

    def or_expr(self):
        """or := and (OR and)*"""
        parts = [self.and_expr()]
        while self.is_kw("or"):
            self.i += 1
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else BoolOp("or", tuple(parts))

    def and_expr(self):
        """and := not (AND not)*"""
        parts = [self.not_expr()]
        while self.is_kw("and"):
            self.i += 1
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else BoolOp("and", tuple(parts))

    def not_expr(self):
        """not := NOT not | '(' or ')' | clause"""
        if self.is_kw("not"):
            self.i += 1
            return BoolOp("not", (self.not_expr(),))
        if self.tok.kind == "(":
            self.i += 1
            inner = self.or_expr()
            if self.tok.kind != ")":
                self.fail("')'")
            self.i += 1
            return inner
        return self.clause()

    def clause(self) -> Clause:
        """clause := field (op value | [NOT] IN (values) | IS [NOT] EMPTY)"""
        if self.tok.kind not in ("word", "string"):
            self.fail("a field name")
        field, pos = self.tok.value, self.tok.pos
        self.i += 1
        if self.tok.kind == "op":
            op = self.tok.value
            self.i += 1
            return Clause(field, op, (self.value(),), pos)
        if self.is_kw("is"):
            self.i += 1
            op = "is"
            if self.is_kw("not"):
                self.i, op = self.i + 1, "is not"
            if not self.is_kw("empty", "null"):
                self.fail("'EMPTY'")
            self.i += 1
            return Clause(field, op, (), pos)
        op = "in"
        if self.is_kw("not"):
            self.i, op = self.i + 1, "not in"
        if not self.is_kw("in"):
            self.fail("an operator")
        self.i += 1
        if self.tok.kind != "(":
            self.fail("'('")
        self.i += 1
        values = [self.value()]
        while self.tok.kind == ",":
            self.i += 1
            values.append(self.value())
        if self.tok.kind != ")":
            self.fail("')'")
        self.i += 1
        return Clause(field, op, tuple(values), pos)

    def value(self) -> Value:
        """A quoted string or a bare word (numbers are bare words)."""
        if self.tok.kind not in ("word", "string"):
            self.fail("a value")
        token = self.tok
        self.i += 1
        return Value(token.value, token.kind == "string")
