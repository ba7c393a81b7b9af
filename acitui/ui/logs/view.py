"""The log widget: Textual's ``Log`` with markers, search highlights and a prune fix.

Lines arrive already sanitised (see :mod:`acitui.ui.logs.render`), in batches,
through :meth:`LogView.write_batch` — one ``Log.write_lines`` per batch. Rows
are also tracked absolutely (``first_row`` is the absolute number of the top
line), so markers and the current search match stay put while old lines are
pruned at the cap.

Markers cannot be forged: column 0 is a gutter that only acitui draws in. A
container's text starts at column 1, and a marker row (restart, gap, info)
gets a solid bar in the gutter, so a line that copies a marker's text and
colours still shows an empty gutter.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.highlighter import Highlighter
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Log

from acitui.ui.logs.colour import Span

#: Columns left of the text that only markers draw in.
GUTTER = 1
#: What a row costs besides its characters (the str object, caches).
ROW_OVERHEAD = 120


class LineStyler(Highlighter):
    """Applies a row's SGR colours, then styles every match of the search pattern."""

    def __init__(self) -> None:
        self.pattern: re.Pattern[str] | None = None
        self.style: Style = Style(reverse=True)
        #: The spans of the row being rendered (set by LogView.render_line).
        self.spans: list[Span] | None = None

    def highlight(self, text: Text) -> None:
        if self.spans:
            for start, end, style in self.spans:
                text.stylize(style, start, end)
        pattern = self.pattern
        if pattern is None:
            return
        for match in pattern.finditer(text.plain):
            if match.end() > match.start():
                text.stylize(self.style, match.start(), match.end())


class LogView(Log):
    """A bounded, batch-written log with marker rows and search highlights."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "log-view--match",
        "log-view--current",
        "log-view--marker",
        "log-view--info",
    }
    DEFAULT_CSS = """
    LogView {
        height: 1fr;
        & > .log-view--match { background: $warning 60%; color: $foreground; }
        & > .log-view--current { text-style: bold underline; }
        & > .log-view--marker { color: $warning; text-style: bold; }
        & > .log-view--info { color: $text-muted; text-style: italic; }
    }
    """

    class ScrolledUp(Message):
        """The user scrolled away from the newest line."""

    class ReachedEnd(Message):
        """The user scrolled back down to the newest line."""

    class ResumeRequested(Message):
        """The user pressed End: go to the newest line and follow again."""

    def __init__(
        self, *, max_lines: int, max_bytes: int = 28 * 1024 * 1024, id: str | None = None
    ) -> None:
        super().__init__(max_lines=max_lines, highlight=False, auto_scroll=True, id=id)
        self.cap = max_lines
        #: Characters the rows may hold together; the oldest rows go first beyond it.
        self.max_bytes = max_bytes
        self._sizes: deque[int] = deque()  # each held row's length, oldest first
        self._bytes = 0
        self.highlighter = self.styler = LineStyler()
        #: Lines ever written since the last clear.
        self.written = 0
        #: Absolute row → component class suffix ("marker" / "info").
        self._markers: dict[int, str] = {}
        #: Absolute row → SGR colour spans of that row.
        self._colours: dict[int, list[Span]] = {}
        #: Absolute row of the current search match, if any.
        self.current_row: int | None = None
        self._quiet = 0
        #: Set the moment the user scrolls up (before the screen hears of it).
        self.user_scrolled_up = False

    @property
    def first_row(self) -> int:
        """Absolute row number of the top line still held (lines above were pruned)."""
        return self.written - len(self.lines)

    def write_batch(
        self,
        lines: Sequence[str],
        markers: Mapping[int, str] | None = None,
        colours: Mapping[int, list[Span]] | None = None,
    ) -> None:
        """Append display lines with one ``write_lines``.

        ``markers`` maps a batch offset to its kind, ``colours`` to its spans.
        """
        if not lines:
            return
        held_before = len(self.lines)
        base = self.written
        self.written += len(lines)
        for offset, kind in (markers or {}).items():
            self._markers[base + offset] = kind
        for offset, spans in (colours or {}).items():
            self._colours[base + offset] = spans
        if self._colours and not self.highlight:
            self.highlight = True
        self.max_lines = self._rows_within_budget(lines)
        with self.quiet():
            self.write_lines(lines)
        self.max_lines = self.cap
        if held_before + len(lines) > len(self.lines):
            # Textual 8.2.8: once Log prunes at max_lines it repaints stale rows
            # (the scroll offset does not move, so nothing is refreshed).
            self.refresh()
            self._forget_pruned()

    def _update_size(self, updates: int, lines: list[str]) -> None:  # type: ignore[override]
        """Measure new rows' width here, at once (replaces ``Log``'s thread worker).

        ``Log.write_lines`` starts a thread worker per write that measures every
        line again (escape substitution + ``cell_len``: 2-3 µs a line) while holding
        the GIL against the event loop. Rows here are sanitised already: a plain
        ASCII batch is measured with ``len`` (Textual 8.2.8; see tests/ui/logs).
        """
        if not lines:
            return
        joined = "".join(lines)
        if joined.isascii() and "\t" not in joined:
            width = max(map(len, lines))
        else:
            width = max(cell_len(line.expandtabs()) for line in lines)
        self._update_maximum_width(updates, width)

    def _rows_within_budget(self, lines: Sequence[str]) -> int:
        """How many rows may stay after appending ``lines`` (by count and by bytes)."""
        sizes = self._sizes  # each held row's length, oldest first
        added = list(map(len, lines))
        sizes.extend(added)
        self._bytes += sum(added) + ROW_OVERHEAD * len(added)
        excess = len(sizes) - self.cap
        if excess > 0:
            self._bytes -= sum([sizes.popleft() for _ in range(excess)]) + ROW_OVERHEAD * excess
        while self._bytes > self.max_bytes and len(sizes) > 1:
            self._bytes -= sizes.popleft() + ROW_OVERHEAD
        return len(sizes)

    def _forget_pruned(self) -> None:
        """Drop styles of pruned rows, now and then (rows above first_row are never drawn)."""
        first, slack = self.first_row, len(self.lines) // 4 + 64
        if len(self._markers) > slack:
            self._markers = {r: k for r, k in self._markers.items() if r >= first}
        if len(self._colours) > len(self.lines) + slack:
            self._colours = {r: c for r, c in self._colours.items() if r >= first}

    def row_kind(self, row: int) -> str | None:
        """The marker kind of the absolute ``row`` ("marker", "info"), or None for output."""
        return self._markers.get(row)

    def reset(self) -> None:
        """Forget every line (for a full re-render)."""
        with self.quiet():
            self.clear()
        self._sizes.clear()
        self._bytes = 0
        self.written = 0
        self._markers.clear()
        self._colours.clear()
        self.highlight = self.styler.pattern is not None
        self.current_row = None
        self.refresh()

    def set_pattern(self, pattern: re.Pattern[str] | None) -> None:
        """Highlight matches of ``pattern`` (None: no highlighting)."""
        self.styler.pattern = pattern
        self.styler.style = self.get_component_rich_style("log-view--match")
        self.highlight = pattern is not None or bool(self._colours)
        self.notify_style_update()  # drops the rendered-line cache
        self.refresh()

    def show_row(self, row: int) -> None:
        """Scroll so the absolute ``row`` is in the middle and mark it current."""
        self.current_row = row
        index = row - self.first_row
        height = self.scrollable_content_region.height
        self.scroll_to(y=max(0, index - height // 2), animate=False, immediate=True)
        self.refresh()

    def visible_lines(self) -> list[str]:
        top = self.scroll_offset.y
        return list(self.lines[top : top + self.scrollable_content_region.height])

    def follow_end(self) -> None:
        self.user_scrolled_up = False
        with self.quiet():
            self.scroll_end(animate=False, immediate=True, x_axis=False)

    def validate_virtual_size(self, size: Size) -> Size:
        """One column more than the text: the gutter."""
        return Size(size.width + GUTTER, size.height)

    def render_line(self, y: int) -> Strip:
        row = self.first_row + self.scroll_offset.y + y
        self.styler.spans = self._colours.get(row) if self._colours else None
        strip = super().render_line(y)
        width = strip.cell_length
        strip = strip.crop(0, max(0, width - GUTTER))
        kind = self._markers.get(row) if y + self.scroll_offset.y < len(self.lines) else None
        style: Style | None = None
        if kind is not None:
            style = self._row_style(f"log-view--{kind}")
        if row == self.current_row:
            current = self._row_style("log-view--current")
            style = current if style is None else style + current
        if style is not None:
            strip = Strip(Segment.apply_style(strip, post_style=style), strip.cell_length)
        return Strip([self._gutter(kind, y), *strip], width)

    def _gutter(self, kind: str | None, y: int) -> Segment:
        """Column 0: blank for output, a bar in the marker's colour for a marker.

        A click in it selects from the row's first visible character.
        """
        scroll_x, scroll_y = self.scroll_offset
        style = self.rich_style + Style.from_meta({"offset": (scroll_x, scroll_y + y)})
        if kind is not None:
            colour = self.get_component_rich_style(f"log-view--{kind}").color
            style += Style(bgcolor=colour)
        return Segment(" " * GUTTER, style)

    def _row_style(self, name: str) -> Style:
        """A component style without its background, so match highlights show through."""
        full = self.get_component_rich_style(name)
        return Style(
            color=full.color if name != "log-view--current" else None,
            bold=full.bold,
            italic=full.italic,
            underline=full.underline,
        )

    # Scrolling: tell the screen when the user leaves or returns to the end.

    def quiet(self) -> _Quiet:
        """A context in which scroll changes are ours, not the user's."""
        return _Quiet(self)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._quiet:
            return
        if new_value < old_value and not self.is_vertical_scroll_end:
            self.user_scrolled_up = True
            self.post_message(self.ScrolledUp())
        elif new_value > old_value and self.is_vertical_scroll_end:
            self.user_scrolled_up = False
            self.post_message(self.ReachedEnd())

    def action_scroll_end(self) -> None:
        self.post_message(self.ResumeRequested())


class _Quiet:
    def __init__(self, view: LogView) -> None:
        self.view = view

    def __enter__(self) -> None:
        self.view._quiet += 1

    def __exit__(self, *exc: object) -> None:
        self.view._quiet -= 1
