"""Stable shapes for headless output: JSON documents and plain-text tables.

JSON field names are snake_case and documented in the README; they only grow.
Every string from a backend crosses the display boundary (:mod:`acitui.sanitize`)
before it is printed, and env values are masked unless the caller asked to
reveal them. On top of that, :func:`dumps` escapes every C0, DEL, C1, bidi,
separator, invisible format character and lone surrogate in the JSON text, and
:func:`table` sends every cell that has not crossed the boundary through it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from acitui.masking import display_value
from acitui.model import (
    MARKER_RULE,
    ContainerGroup,
    LineKind,
    LogLine,
    ResourceGroup,
    Subscription,
    quote_output,
)
from acitui.render_group import (  # the group's document lives with its describe text
    container_json,
    env_json,
    event_json,
    group_json,
    group_summary_json,
    ip_json,
    state_json,
    timestamp,
)
from acitui.sanitize import NON_C0_UNSAFE, Safe, sanitize, sanitize_name

__all__ = [
    "container_json",
    "dumps",
    "env_json",
    "env_rows",
    "event_json",
    "group_json",
    "group_summary_json",
    "ip_json",
    "log_line_text",
    "resource_group_json",
    "state_json",
    "subscription_json",
    "table",
]


def _s(value: str | None) -> str | None:
    return None if value is None else sanitize_name(value)


def resource_group_json(rg: ResourceGroup, count: int | None = None) -> dict[str, Any]:
    return {"name": _s(rg.name), "location": _s(rg.location), "groups": count}


def subscription_json(s: Subscription) -> dict[str, Any]:
    return {"id": _s(s.id), "name": _s(s.name), "state": _s(s.state), "is_default": s.is_default}


def log_line_text(line: LogLine, *, timestamps: bool = False, prefix: bool = False) -> str:
    """One printable line: markers are framed, text is sanitised.

    Only markers start with ``────``: output that could pass for one is quoted
    with ``| `` (:func:`acitui.model.quote_output`).
    """
    text: str = sanitize(line.text)
    if line.kind is not LineKind.OUTPUT:
        text = f"{MARKER_RULE} {text} {MARKER_RULE}"
    else:
        text = quote_output(text)
    if prefix and line.container:
        text = f"[{sanitize_name(line.container)}] {text}"
    if timestamps and line.timestamp is not None:
        text = f"{timestamp(line.timestamp)} {text}"
    return text


#: Raw in ``json.dumps(ensure_ascii=False)`` output but never wanted on a terminal: DEL, C1,
#: separators, bidi and invisible format characters, lone surrogates (C0 is escaped already).
_JSON_ODD = re.compile(f"[\x7f{NON_C0_UNSAFE}]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a JSON escape above the BMP is a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def dumps(doc: Any) -> str:
    """JSON text (UTF-8 kept readable) in which every odd character is a ``\\uXXXX`` escape.

    Outside strings JSON text is plain ASCII, so escaping over the whole text
    only ever touches string contents, and it parses back to the same data.
    """
    return _JSON_ODD.sub(_json_escape, json.dumps(doc, indent=2, ensure_ascii=False))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, Safe) else sanitize_name(str(value))


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A plain aligned text table; a cell that has not crossed the boundary crosses it here."""
    cells = [[_cell(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], len(c))
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*headers).rstrip()]
    lines += [fmt.format(*row).rstrip() for row in cells]
    return "\n".join(lines)


def env_rows(g: ContainerGroup, *, reveal: bool = False) -> list[list[str]]:
    return [
        [sanitize_name(c.name), sanitize_name(v.name), display_value(v, reveal=reveal)]
        for c in g.containers
        for v in c.environment
    ]
