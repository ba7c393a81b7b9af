"""A small evaluator for ARM template expressions (``[concat(parameters('a'), '-x')]``).

Only the functions ACI templates use: ``parameters``, ``variables``, ``resourceGroup``,
``concat``, ``format``, ``toLower``, ``uniqueString``, ``resourceId``. Any other
function is refused by name (ARM itself evaluates templates deployed on Azure).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

FUNCTIONS = (
    "parameters", "variables", "resourceGroup", "concat", "format", "toLower",
    "uniqueString", "resourceId",
)  # fmt: skip
_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<id>[A-Za-z_][\w]*)|(?P<p>[(),.\[\]]))"
)
_FORMAT_ITEM = re.compile(r"\{\{|\}\}|\{(\d+)(?::[^}]*)?\}")


class ExpressionError(ValueError):
    """An expression ARM would refuse, or one this evaluator does not support."""


def is_expression(value: str) -> bool:
    return value.startswith("[") and value.endswith("]") and not value.startswith("[[")


def unescape(value: str) -> str:
    """``[[literal]`` is the literal ``[literal]``."""
    return value[1:] if value.startswith("[[") else value


def text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return "" if value is None else str(value)


def unique_string(*parts: Any) -> str:
    """A deterministic 13-character id from its inputs (the shape of ARM's, not its value)."""
    digest = hashlib.sha256("|".join(text(p) for p in parts).encode()).digest()
    return base64.b32encode(digest).decode().lower()[:13]


class Context:
    """What expressions can see: parameter and variable lookups, the resource group."""

    def __init__(
        self,
        parameter: Callable[[str], Any],
        variable: Callable[[str], Any],
        resource_group: Mapping[str, Any],
        subscription_id: str,
    ) -> None:
        self.parameter, self.variable = parameter, variable
        self.resource_group, self.subscription_id = resource_group, subscription_id


class _Parser:
    def __init__(self, source: str, ctx: Context) -> None:
        self.tokens = self._tokenize(source)
        self.pos, self.ctx = 0, ctx

    @staticmethod
    def _tokenize(source: str) -> list[tuple[str, str]]:
        tokens, pos = [], 0
        while pos < len(source):
            if source[pos:].strip() == "":
                break
            found = _TOKEN.match(source, pos)
            if found is None:
                raise ExpressionError(f"cannot read the expression at {source[pos : pos + 20]!r}")
            kind = found.lastgroup or ""
            tokens.append((kind, found.group(kind)))
            pos = found.end()
        return tokens

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "")

    def take(self, punct: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if punct is not None and token != ("p", punct):
            raise ExpressionError(f"expected '{punct}', found '{token[1] or 'the end'}'")
        self.pos += 1
        return token

    def parse(self) -> Any:
        value = self.expr()
        if self.peek()[0] != "end":
            raise ExpressionError(f"unexpected '{self.peek()[1]}' after the expression")
        return value

    def expr(self) -> Any:
        kind, token = self.take()
        if kind == "str":
            value: Any = token[1:-1].replace("''", "'")
        elif kind == "num":
            value = float(token) if "." in token else int(token)
        elif kind == "id":
            self.take("(")
            args = []
            if self.peek() != ("p", ")"):
                args.append(self.expr())
                while self.peek() == ("p", ","):
                    self.take(",")
                    args.append(self.expr())
            self.take(")")
            value = self.call(token, args)
        else:
            raise ExpressionError(f"unexpected '{token or 'end of expression'}'")
        while self.peek() in (("p", "."), ("p", "[")):
            if self.take()[1] == ".":
                kind, name = self.take()
                if kind != "id":
                    raise ExpressionError(f"expected a property name after '.', found '{name}'")
                value = self.member(value, name)
            else:
                value = self.member(value, self.expr())
                self.take("]")
        return value

    @staticmethod
    def member(value: Any, key: Any) -> Any:
        if isinstance(value, Mapping):
            for name, item in value.items():
                if str(name).lower() == str(key).lower():
                    return item
            raise ExpressionError(f"the object has no property '{key}'")
        if isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
            return value[key]
        raise ExpressionError(f"cannot take '{key}' of {text(value)[:40]!r}")

    def call(self, name: str, args: list[Any]) -> Any:
        lowered = name.lower()
        ctx = self.ctx

        def need(count: int) -> None:
            if len(args) != count:
                raise ExpressionError(f"{name}() takes {count} argument(s), got {len(args)}")

        if lowered == "parameters":
            need(1)
            return ctx.parameter(text(args[0]))
        if lowered == "variables":
            need(1)
            return ctx.variable(text(args[0]))
        if lowered == "resourcegroup":
            need(0)
            return dict(ctx.resource_group)
        if lowered == "concat":
            if args and all(isinstance(a, list) for a in args):
                return [item for a in args for item in a]
            return "".join(text(a) for a in args)
        if lowered == "format":
            if not args:
                raise ExpressionError("format() needs a format string")
            return _format(text(args[0]), args[1:])
        if lowered == "tolower":
            need(1)
            return text(args[0]).lower()
        if lowered == "uniquestring":
            if not args:
                raise ExpressionError("uniqueString() needs at least one argument")
            return unique_string(*args)
        if lowered == "resourceid":
            return _resource_id(ctx, [text(a) for a in args])
        raise ExpressionError(
            f"function '{name}' is not supported when acitui evaluates a template "
            f"(supported: {', '.join(FUNCTIONS)})"
        )


def _format(template: str, args: list[Any]) -> str:
    def item(found: re.Match[str]) -> str:
        if found.group(0) in ("{{", "}}"):
            return found.group(0)[0]
        index = int(found.group(1))
        if index >= len(args):
            raise ExpressionError(f"format() has no argument {{{index}}}")
        return text(args[index])

    return _FORMAT_ITEM.sub(item, template)


def _resource_id(ctx: Context, args: list[str]) -> str:
    """``resourceId([sub,] [rg,] type, name…)`` → the resource's ARM id."""
    sub, rg = ctx.subscription_id, str(ctx.resource_group.get("name", ""))
    lead = 0
    while lead < len(args) and "/" not in args[lead]:
        lead += 1
    if lead == 2:
        sub, rg = args[0], args[1]
    elif lead == 1:
        rg = args[0]
    elif lead > 2 or lead == len(args):
        raise ExpressionError("resourceId() needs a resource type such as 'Namespace/type'")
    namespace, *types = args[lead].strip("/").split("/")
    names = args[lead + 1 :]
    if len(types) != len(names) or not names:
        raise ExpressionError(f"resourceId() needs {len(types)} name(s) for type {args[lead]!r}")
    path = namespace + "".join(f"/{t}/{n}" for t, n in zip(types, names, strict=True))
    return f"/subscriptions/{sub}/resourceGroups/{rg}/providers/{path}"


def evaluate(value: str, ctx: Context) -> Any:
    """The value of one template string (an expression, an escaped ``[[`` or a literal)."""
    if not is_expression(value):
        return unescape(value)
    return _Parser(value[1:-1], ctx).parse()
