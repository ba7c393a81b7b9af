"""The log widget: a line view of our own (``ScrollView.render_line``, toolong's shape).

Lines arrive already sanitised (see :mod:`acitui.ui.logs.render`), in batches,
through :meth:`LogView.write_batch`. The view keeps them in a list, measures
their width as they come (plain ASCII: ``len``), prunes the oldest beyond a
count and a byte cap, and draws only the rows on screen, each from its line.
Rows are also tracked absolutely (``first_row`` is the absolute number of the
top line), so markers, colours and the current search match stay put while old
lines are pruned. Only public Textual API is used (a guard test checks it).

Markers cannot be forged: column 0 is a gutter that only acitui draws in. A
container's text starts at column 1, and a marker row (restart, gap, info)
gets a solid bar in the gutter, so a line that copies a marker's text and
colours still shows an empty gutter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from acitui.ui.logs.colour import Span
from acitui.ui.logs.strips import (
    display_text,
    offset_segments,
    plain_window,
    row_strip,
    row_style,
    text_width,
)

#: Columns left of the text that only markers draw in.
GUTTER = 1
#: What a row costs besides its characters (the str object, caches).
ROW_OVERHEAD = 120
#: Rendered rows kept (by absolute row) for repaints while scrolling and following.
STRIP_CACHE = 1024


class LogView(ScrollView, can_focus=True):
    """A bounded, batch-written log with marker rows and search highlights."""

    ALLOW_SELECT = True
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "log-view--match",
        "log-view--current",
        "log-view--marker",
        "log-view--info",
    }
    DEFAULT_CSS = """
    LogView {
        height: 1fr;
        background: $surface;
        color: $text;
        overflow: scroll;
        &:focus { background-tint: $foreground 5%; }
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
        self._strips: dict[int, Strip] = {}  # absolute row → its text, styled, uncropped
        super().__init__(id=id)
        self.cap = max_lines
        #: Characters the rows may hold together; the oldest rows go first beyond it.
        self.max_bytes = max_bytes
        #: Follow new lines while the view is at the end (as Textual's Log does).
        self.auto_scroll = True
        self._lines: list[str] = []
        self._bytes = 0
        self._width = 0  # the widest row since the last reset, in cells
        self._strips_base: Style | None = None  # the widget style the cached rows were drawn in
        self._match_style: Style | None = None
        self._paint: tuple[Style, Selection | None] | None = None  # read once per paint
        self.pattern: re.Pattern[str] | None = None
        #: Lines ever written since the last reset.
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

    # ----- what the feed, the screen and the tests read ------------------------------------
    @property
    def lines(self) -> list[str]:
        """The rows held, oldest first (read only: changing it does not redraw)."""
        return self._lines

    @property
    def max_lines(self) -> int:
        """Rows held at most (the oldest go first)."""
        return self.cap

    @property
    def highlight(self) -> bool:
        """True when rows get styles of their own (SGR colours or search matches)."""
        return self.pattern is not None or bool(self._colours)

    @property
    def first_row(self) -> int:
        """Absolute row number of the top line still held (lines above were pruned)."""
        return self.written - len(self._lines)

    def row_kind(self, row: int) -> str | None:
        """The marker kind of the absolute ``row`` ("marker", "info"), or None for output."""
        return self._markers.get(row)

    def visible_lines(self) -> list[str]:
        top = self.scroll_offset.y
        return self._lines[top : top + self.scrollable_content_region.height]

    # ----- writing -------------------------------------------------------------------------
    def write_batch(
        self,
        lines: Sequence[str],
        markers: Mapping[int, str] | None = None,
        colours: Mapping[int, list[Span]] | None = None,
    ) -> None:
        """Append display lines; ``markers`` maps a batch offset to its kind, ``colours`` to
        its spans. Beyond the caps the oldest rows go; following, the view stays at the end."""
        if not lines:
            return
        at_end = self.is_vertical_scroll_end
        base = self.written
        self.written += len(lines)
        for offset, kind in (markers or {}).items():
            self._markers[base + offset] = kind
        for offset, spans in (colours or {}).items():
            self._colours[base + offset] = spans
        self._lines.extend(lines)
        self._bytes += sum(map(len, lines)) + ROW_OVERHEAD * len(lines)
        if self._drop_oldest():
            self._forget_pruned()
        self._width = max(self._width, text_width(lines))
        self.virtual_size = Size(self._width + GUTTER, len(self._lines))
        if self.auto_scroll and at_end and not self.is_vertical_scrollbar_grabbed:
            with self.quiet():
                self.scroll_end(animate=False, immediate=True, x_axis=False)
        self.refresh()  # rows under the same offset may be others now (pruned above)

    def _drop_oldest(self) -> int:
        """Drop the oldest rows beyond the count and byte caps; returns how many went."""
        lines = self._lines
        drop = max(0, len(lines) - self.cap)
        size = self._bytes - sum(map(len, islice(lines, drop))) - ROW_OVERHEAD * drop
        while size > self.max_bytes and drop < len(lines) - 1:
            size -= len(lines[drop]) + ROW_OVERHEAD
            drop += 1
        if drop:
            del lines[:drop]
            self._bytes = size
        return drop

    def _forget_pruned(self) -> None:
        """Drop styles of pruned rows, now and then (rows above first_row are never drawn)."""
        first, slack = self.first_row, len(self._lines) // 4 + 64
        if len(self._markers) > slack:
            self._markers = {r: k for r, k in self._markers.items() if r >= first}
        if len(self._colours) > len(self._lines) + slack:
            self._colours = {r: c for r, c in self._colours.items() if r >= first}

    def reset(self) -> None:
        """Forget every line (for a full re-render)."""
        self._lines = []
        self._bytes = self._width = self.written = 0
        self._markers.clear()
        self._colours.clear()
        self._strips.clear()
        self.current_row = None
        with self.quiet():
            self.virtual_size = Size(0, 0)
        self.refresh()

    # ----- search and scrolling ------------------------------------------------------------
    def set_pattern(self, pattern: re.Pattern[str] | None) -> None:
        """Highlight matches of ``pattern`` (None: no highlighting)."""
        self.pattern = pattern
        self._match_style = None
        self._strips.clear()
        self.refresh()

    def show_row(self, row: int) -> None:
        """Scroll so the absolute ``row`` is in the middle and mark it current."""
        self.current_row = row
        index = row - self.first_row
        height = self.scrollable_content_region.height
        self.scroll_to(y=max(0, index - height // 2), animate=False, immediate=True)
        self.refresh()

    def follow_end(self) -> None:
        self.user_scrolled_up = False
        with self.quiet():
            self.scroll_end(animate=False, immediate=True, x_axis=False)

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """A context in which scroll changes are ours, not the user's."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Tell the screen when the user leaves or returns to the end."""
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

    # ----- selection (mouse drag, then the screen's copy) ----------------------------------
    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text (rows are numbered as held, as the drawn offsets say)."""
        return selection.extract("\n".join(self._lines)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._match_style = None

    # ----- drawing -------------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        self._paint = (self.rich_style, self.text_selection)  # once a paint: ~0.1 ms a call
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        base, selection = self._paint or (self.rich_style, self.text_selection)
        gutter_style = base + Style.from_meta({"offset": (scroll_x, index)})
        if index >= len(self._lines):
            return Strip([Segment(" " * GUTTER, gutter_style), *Strip.blank(width - GUTTER, base)])
        row = self.first_row + index
        kind = self._markers.get(row)
        post: Style | None = None
        if kind is not None:
            full = self.get_component_rich_style(f"log-view--{kind}")
            post = row_style(full)
            gutter_style += Style(bgcolor=full.color)
        if row == self.current_row:
            current = row_style(self.get_component_rich_style("log-view--current"), colour=False)
            post = current if post is None else post + current
        line, cells = self._lines[index], width - GUTTER
        plain = selection is None and self.pattern is None and row not in self._colours
        window = plain_window(line, scroll_x, cells, base) if plain else None
        if window is None:
            strip = self._row_strip(row, index, base, selection)
            window = list(strip.crop_extend(scroll_x, scroll_x + cells, base))
        segments = offset_segments(window, scroll_x, index, post)
        return Strip([Segment(" " * GUTTER, gutter_style), *segments], width)

    def _row_strip(self, row: int, index: int, base: Style, selection: Selection | None) -> Strip:
        """The row's text in its colours and search matches, uncropped (cached by row)."""
        if selection is None:
            if base != self._strips_base:  # focus tint, theme: every colour blends anew
                self._strips.clear()
                self._strips_base, self._match_style = base, None
            cached = self._strips.get(row)
            if cached is not None:
                return cached
        matches = None
        if self.pattern is not None:
            if self._match_style is None:
                self._match_style = self.get_component_rich_style("log-view--match")
            matches = (self.pattern, self._match_style)
        selected = None
        if selection is not None and (span := selection.get_span(index)) is not None:
            chosen = self.screen.get_component_rich_style("screen--selection")
            selected = (span[0], span[1], chosen)
        line = display_text(self._lines[index])
        strip = row_strip(line, base, self.app.console, self._colours.get(row), matches, selected)
        if selection is None:
            if len(self._strips) >= STRIP_CACHE:
                self._strips.clear()
            self._strips[row] = strip
        return strip
