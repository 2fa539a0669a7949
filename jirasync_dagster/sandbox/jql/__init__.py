"""A small JQL: tokenizer, recursive-descent parser and compiler to a predicate and sort."""

from .compiler import CompiledQuery, JqlEnvironment, compile_query
from .lexer import JqlError
from .parser import parse

__all__ = ["CompiledQuery", "JqlEnvironment", "JqlError", "compile_query", "parse"]
