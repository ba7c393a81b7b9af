"""One log row as drawn: its width, its text, and its styles (SGR colours, search matches,
the mouse selection) as a :class:`~textual.strip.Strip`. No widget state: the view decides
which row, which styles, and caches the result."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from acitui.ui.logs.colour import Span

#: What may still reach the view unsanitised is shown as U+FFFD, never sent on.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def text_width(lines: Sequence[str]) -> int:
    """Cells the widest of ``lines`` takes (tabs expanded); plain ASCII is measured by length."""
    if not lines:
        return 0
    joined = "".join(lines)
    if joined.isascii() and "\t" not in joined:
        return max(map(len, lines))
    return max(cell_len(line.expandtabs()) for line in lines)


def display_text(line: str) -> str:
    """The row as drawn: tabs expanded to stops of 8, any control character replaced."""
    if "\t" in line:
        line = line.expandtabs()
    if not line.isprintable():
        line = _CONTROL.sub("\ufffd", line)
    return line


def row_strip(
    line: str,
    base: Style,
    console: Console,
    spans: list[Span] | None = None,
    matches: tuple[re.Pattern[str], Style] | None = None,
    selected: tuple[int, int, Style] | None = None,
) -> Strip:
    """``line`` (already :func:`display_text`) in ``base``, then its SGR ``spans``, every
    non-empty match of ``matches``' pattern, and the ``selected`` cells (end -1: to the end)."""
    cells = len(line) if line.isascii() else cell_len(line)
    if not spans and matches is None and selected is None:
        return Strip([Segment(line, base)], cells)
    text = Text(line, no_wrap=True, end="")
    text.stylize(base)
    for start, end, style in spans or ():
        text.stylize(style, start, end)
    if matches is not None:
        pattern, style = matches
        for match in pattern.finditer(line):
            if match.end() > match.start():
                text.stylize(style, match.start(), match.end())
    if selected is not None:
        start, end, style = selected
        text.stylize(style, start, len(line) if end == -1 else end)
    return Strip(text.render(console), cells)


def plain_window(line: str, start: int, width: int, base: Style) -> list[Segment] | None:
    """Cells ``start`` to ``start + width`` of a printable ASCII ``line`` in ``base``, padded
    with blanks (what ``Strip.crop_extend`` gives, without building strips); else None."""
    if not (line.isascii() and line.isprintable()):
        return None
    visible = line[start : start + width]
    window = [Segment(visible, base)] if visible else []
    if len(visible) < width:
        window.append(Segment(" " * (width - len(visible)), base))
    return window


def offset_segments(
    segments: Iterable[Segment], x: int, y: int, post: Style | None = None
) -> list[Segment]:
    """Each segment stamped with the row offset its text starts at (what mouse selection
    reads, as ``Strip.apply_offsets`` does), then ``post`` on top."""
    out = []
    for text, style, _ in segments:
        stamp = Style.from_meta({"offset": (x, y)})
        style = style + stamp if style else stamp
        out.append(Segment(text, style if post is None else style + post))
        x += len(text)
    return out


def row_style(full: Style, *, colour: bool = True) -> Style:
    """A component style without its background, so match highlights show through."""
    return Style(
        color=full.color if colour else None,
        bold=full.bold,
        italic=full.italic,
        underline=full.underline,
    )
