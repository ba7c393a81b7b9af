"""SGR colours in log lines, turned into styled spans over the sanitised text.

A line's escape sequences never reach the terminal: the widget shows the plain
:func:`acitui.sanitize.sanitize` text, and the colours a container asked for
(SGR only: colours, bold, italic, underline, reverse, strike) are applied as
Rich styles over it. Anything else in the line is stripped as usual.

Parameters are read defensively, since a container controls them: a sequence
whose parameters run past :data:`MAX_PARAMS` characters is ignored as a whole,
a parameter of more than five digits is ignored, and a 256-colour index or an
RGB component past 255 sets no colour. Parsing never raises.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.color import Color
from rich.style import Style

from acitui.sanitize import sanitize

Span = tuple[int, int, Style]

_SGR = re.compile(r"\x1b\[([0-9;:]*)m")
#: Longest parameter list honoured (real SGR uses a few dozen characters at most).
MAX_PARAMS = 64
_NONE = -1  # an ignored parameter: matches no code
_FLAGS = {1: "bold", 2: "dim", 3: "italic", 4: "underline", 7: "reverse", 9: "strike"}
_UNSET = {
    22: ("bold", "dim"),
    23: ("italic",),
    24: ("underline",),
    27: ("reverse",),
    29: ("strike",),
}
_FIELDS = ("color", "bgcolor", "bold", "dim", "italic", "underline", "reverse", "strike")
State = tuple[object, ...]
_PLAIN: State = (None,) * len(_FIELDS)


def _extended(codes: list[int], i: int) -> tuple[Color | None, int]:
    """A 38/48 colour (``5;n`` or ``2;r;g;b``) starting at ``codes[i]``; the next index."""
    if i + 1 < len(codes) and codes[i] == 5:
        index = codes[i + 1]
        return (Color.from_ansi(index) if 0 <= index <= 255 else None), i + 2
    if i + 3 < len(codes) and codes[i] == 2:
        rgb = codes[i + 1 : i + 4]
        if all(0 <= c <= 255 for c in rgb):
            return Color.from_rgb(*rgb), i + 4
        return None, i + 4
    return None, len(codes)


def _code(param: str) -> int:
    """One parameter as a number: empty is 0, anything absurd is ignored."""
    if not param:
        return 0
    return int(param) if len(param) <= 5 and param.isdigit() else _NONE


@lru_cache(maxsize=4096)
def _apply(state: State, params: str) -> State:
    """The SGR state after one ``ESC [ params m`` (``params`` at most MAX_PARAMS long)."""
    values = dict(zip(_FIELDS, state, strict=True))
    codes = [_code(p) for p in re.split("[;:]", params)] if params else [0]
    i = 0
    while i < len(codes):
        code = codes[i]
        i += 1
        if code == 0:
            values = dict.fromkeys(_FIELDS)
        elif code in _FLAGS:
            values[_FLAGS[code]] = True
        elif code in _UNSET:
            for name in _UNSET[code]:
                values[name] = None
        elif 30 <= code <= 37 or 90 <= code <= 97:
            values["color"] = Color.from_ansi(code - 30 if code < 90 else code - 82)
        elif 40 <= code <= 47 or 100 <= code <= 107:
            values["bgcolor"] = Color.from_ansi(code - 40 if code < 100 else code - 92)
        elif code == 39:
            values["color"] = None
        elif code == 49:
            values["bgcolor"] = None
        elif code in (38, 48):
            colour, i = _extended(codes, i)
            values["color" if code == 38 else "bgcolor"] = colour
    return tuple(values[f] for f in _FIELDS)


@lru_cache(maxsize=1024)
def _style(state: State) -> Style | None:
    if state == _PLAIN:
        return None
    return Style(**dict(zip(_FIELDS, state, strict=True)))  # type: ignore[arg-type]


def sgr_spans(raw: str, plain: str) -> list[Span] | None:
    """Styled spans over ``plain`` (``sanitize(raw)``), or None when there is no colour.

    Each run of text between two SGR sequences is sanitised on its own; if the
    runs do not add up to ``plain`` exactly (a sequence split by another, tabs,
    carriage returns, a capped line) the line is shown without colour.
    """
    if "\x1b[" not in raw or "\t" in raw or "\r" in raw:
        return None
    spans: list[Span] = []
    runs: list[str] = []
    state, pos, last = _PLAIN, 0, 0
    for match in [*_SGR.finditer(raw), None]:
        run = sanitize(raw[last : match.start()] if match else raw[last:])
        if run:
            style = _style(state)
            if style is not None:
                spans.append((pos, pos + len(run), style))
            runs.append(run)
            pos += len(run)
        if match:
            params = match.group(1)
            if len(params) <= MAX_PARAMS:
                state = _apply(state, params)
            last = match.end()
    if not spans or "".join(runs) != plain:
        return None
    return spans


def shift(spans: list[Span], offset: int, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans clipped to ``[start, end)`` of the body, moved by ``offset`` columns."""
    out: list[Span] = []
    for a, b, style in spans:
        lo, hi = max(a, start), b if end is None else min(b, end)
        if lo < hi:
            out.append((lo - start + offset, hi - start + offset, style))
    return out
