"""From arrived lines to the widget: batching, back-pressure, pause and re-render.

The screen's timer calls :meth:`LogFeed.flush` every ~150 ms. It moves what the
streams queued in the :class:`LinePump` into the :class:`LogBuffer` and, while
following, writes it to the :class:`LogView` with one ``write_lines``. Paused,
lines stay in the buffer and are counted (``held``) until :meth:`resume`.
"""

from __future__ import annotations

from datetime import datetime

from acitui.model import LineKind, LogLine
from acitui.ui.logs.pump import LinePump, LogBuffer
from acitui.ui.logs.render import Format, render_batch
from acitui.ui.logs.view import LogView

#: Most lines written in one flush; the rest wait (and, past the cap, are dropped).
FLUSH_LIMIT = 25_000
#: Bytes the log may hold in all: lines waiting, the buffer, and the widget's rows.
LOG_BYTES = 64 * 1024 * 1024


class LogFeed:
    """The buffer, what of it is on screen, and how it is rendered."""

    def __init__(self, cap: int, max_bytes: int = LOG_BYTES) -> None:
        self.cap = max(10, cap)
        self.max_bytes = max_bytes
        self.pump = LinePump(self.cap, max_bytes // 8)
        self.buffer = LogBuffer(self.cap, max_bytes * 7 // 16)
        #: What the widget's rows may hold (the rest of the budget).
        self.view_bytes = max_bytes * 7 // 16
        self.format = Format()
        self.wrap = False
        self.following = True
        self.pause_reason = ""
        #: Lines dropped because they came faster than the screen could show them.
        self.skipped = 0
        self._displayed = 0  # buffer.total when the widget was last brought up to date
        self._wrap_width = 0
        self._view: LogView | None = None

    @property
    def view(self) -> LogView:
        assert self._view is not None, "attach() the view first"
        return self._view

    def attach(self, view: LogView) -> None:
        self._view = view

    @property
    def held(self) -> int:
        """Lines in the buffer not shown yet (while paused)."""
        return 0 if self.following else max(0, self.buffer.total - self._displayed)

    def reset(self) -> None:
        """Forget every line and follow again (a new tail or container set)."""
        self.buffer.clear()
        self.view.reset()
        self.view.user_scrolled_up = False  # following again: the view must move too
        self._displayed = 0
        self.following, self.pause_reason = True, ""

    def flush(self, merge_since: datetime | None = None) -> None:
        """Take what arrived; ``merge_since`` places lines older than it in time order."""
        batch, dropped = self.pump.take(FLUSH_LIMIT if self.following else None)
        if dropped:
            batch = self._with_gap(batch, dropped)
        if self.wrap and self._fit_width() != self._wrap_width:
            self.rerender()
        self._stay_at_end()
        if not batch:
            return
        appended: list[LogLine] | None = batch
        if merge_since is not None:
            appended = self.buffer.merge(batch, merge_since)
        else:
            self.buffer.extend(batch)
        if not self.following:
            return
        if appended is None:
            self.rerender()
        else:
            self._write(appended)
            self._displayed = self.buffer.total
            self._stay_at_end()

    def _stay_at_end(self) -> None:
        """Following, the newest line stays in view when the layout moves it (a scrollbar
        appearing, a resize) — but never against a user who just scrolled up."""
        view = self.view
        if self.following and not view.user_scrolled_up and not view.is_vertical_scroll_end:
            view.follow_end()

    def _with_gap(self, batch: list[LogLine], dropped: int) -> list[LogLine]:
        if len(batch) >= self.cap:  # leave room for the marker itself
            extra = len(batch) - self.cap + 1
            batch, dropped = batch[extra:], dropped + extra
        self.skipped += dropped
        text = f"{dropped:,} lines skipped: they arrived faster than the screen could show them"
        first_ts = batch[0].timestamp if batch else None
        return [LogLine(text, kind=LineKind.GAP, timestamp=first_ts), *batch]

    def _write(self, lines: list[LogLine]) -> None:
        width = self._wrap_width if self.wrap else 0
        self.view.write_batch(*render_batch(lines, self.format, width))

    def _fit_width(self) -> int:
        return max(10, self.view.scrollable_content_region.width - 1)

    def rerender(self) -> None:
        """Render the buffer again (timestamps, wrap, prefix or order changed)."""
        view = self.view
        fraction = view.scroll_offset.y / max(1, view.max_scroll_y)
        held = self.held
        lines = list(self.buffer.lines)
        if held:
            lines = lines[: max(0, len(lines) - held)]
        self._wrap_width = self._fit_width()
        view.styles.overflow_x = "hidden" if self.wrap else "auto"
        view.reset()
        self._write(lines)
        if self.following:
            self._displayed = self.buffer.total
            view.follow_end()
        else:
            with view.quiet():
                view.scroll_to(y=round(fraction * view.max_scroll_y), animate=False, immediate=True)

    def pause(self, reason: str = "") -> bool:
        """Stop showing new lines; False if already paused."""
        if not self.following:
            return False
        self.following, self.pause_reason = False, reason
        return True

    def resume(self) -> None:
        """Show the lines held back and follow the newest again."""
        if not self.following:
            self.following, self.pause_reason = True, ""
            self.view.current_row = None
            held = self.buffer.after(self._displayed)
            if held is None:  # more arrived than the cap: what was shown is gone too
                self.rerender()
            else:
                self._write(held)
                self._displayed = self.buffer.total
        self.view.follow_end()
