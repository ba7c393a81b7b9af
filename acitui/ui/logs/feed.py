"""From arrived lines to the widget: batching, back-pressure, pause and re-render.

The screen's timer calls :meth:`LogFeed.flush` every ~150 ms. It moves everything
the streams queued in the :class:`LinePump` into the :class:`LogBuffer` and, while
following, writes it to the :class:`LogView` with one ``write_batch``. Paused,
lines stay in the buffer and are counted (``held``) until :meth:`resume`.

Drawing keeps to a frame budget: when more arrives than the view can draw in
:data:`FRAME_BUDGET`, the newest lines are drawn after a marker saying how many
were not, and ``behind`` counts them. They are in the buffer (saving reads it);
End draws the whole buffer again (and so makes them searchable).
"""

from __future__ import annotations

import time
from datetime import datetime

from acitui.model import LineKind, LogLine
from acitui.ui.logs.pump import LinePump, LogBuffer, line_size
from acitui.ui.logs.render import Format, render_batch
from acitui.ui.logs.view import LogView

#: CPU seconds a flush may spend drawing (rendering + ``write_batch``) before it skips
#: ahead. CPU, not wall time: waiting for the GIL while the reader thread parses is not
#: the view's cost (it doubled the wall time per line and skipped most of a backlog).
FRAME_BUDGET = 0.04
#: Lines always drawn in one flush, whatever the measured cost (wrapped 64 KiB lines
#: cost ~1,000× a short one: the budget must be able to hold those back too).
MIN_DRAW = 200
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
        #: Lines (and bytes) lost before the buffer (the pump's bound); shown as dropped.
        self.lost_lines = 0
        self.lost_bytes = 0
        #: Lines in the buffer the view skipped to stay within its frame budget.
        self.behind = 0
        self._cost = 2e-6  # seconds to draw one line (a running average)
        self._pump_bytes = 0  # pump.dropped_bytes already counted in lost_bytes
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
        self.behind = self.lost_lines = self.lost_bytes = 0
        self._pump_bytes = self.pump.dropped_bytes
        self.following, self.pause_reason = True, ""

    @property
    def dropped(self) -> tuple[int, int]:
        """Lines and bytes lost in all: before the buffer and from it (oldest first)."""
        buffer = self.buffer
        return self.lost_lines + buffer.dropped_lines, self.lost_bytes + buffer.dropped_bytes

    def flush(self, merge_since: datetime | None = None) -> None:
        """Take what arrived; ``merge_since`` places lines older than it in time order."""
        batch, dropped = self.pump.take()
        if dropped:
            self.lost_lines += dropped
            self.lost_bytes += self.pump.dropped_bytes - self._pump_bytes
            self._pump_bytes = self.pump.dropped_bytes
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
            self._draw(appended)
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
            self.lost_lines += extra
            self.lost_bytes += sum(map(line_size, batch[:extra]))
            batch, dropped = batch[extra:], dropped + extra
        self.skipped += dropped
        text = f"{dropped:,} lines skipped: they arrived faster than the screen could show them"
        first_ts = batch[0].timestamp if batch else None
        return [LogLine(text, kind=LineKind.GAP, timestamp=first_ts), *batch]

    def _draw(self, lines: list[LogLine]) -> None:
        """Write ``lines`` within the frame budget: beyond it, only the newest, after a marker."""
        limit = max(MIN_DRAW, int(FRAME_BUDGET / self._cost))
        if len(lines) > limit:
            skip = len(lines) - limit
            self.behind += skip
            text = f"{skip:,} lines not drawn: faster than the screen — End to catch up"
            gap = LogLine(text, kind=LineKind.GAP, timestamp=lines[skip].timestamp)
            lines = [gap, *lines[skip:]]
        started = time.thread_time()
        self._write(lines)
        if len(lines) >= 100:  # big enough to time
            cost = (time.thread_time() - started) / len(lines)
            self._cost = max(2e-7, 0.7 * self._cost + 0.3 * cost)

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
        self.behind = 0
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
                self._draw(held)
                self._displayed = self.buffer.total
        elif self.behind:  # End while the view skipped lines: draw the whole buffer
            self.rerender()
        self.view.follow_end()
