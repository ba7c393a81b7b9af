"""Bounded queues between log streams and the screen: back-pressure, not growth.

:class:`LinePump` holds lines that arrived but were not flushed yet; when the
screen falls behind it drops the oldest and counts them, so memory never grows
past its capacity. :class:`LogBuffer` is the screen's record of the log (at
most ``cap`` lines): what re-renders, searches and saves read. No Textual here.

Both are bounded by bytes as well as lines (:func:`line_size`), so a log of
long lines holds fewer of them instead of more memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from acitui.model import LineKind, LogLine

#: What one line is counted as: its characters plus the objects around them.
LINE_OVERHEAD = 120


def line_size(line: LogLine) -> int:
    """Approximate bytes a line holds (for the byte budgets)."""
    return len(line.text) + LINE_OVERHEAD


def _size_of(lines: Sequence[LogLine]) -> int:
    """The sum of ``line_size`` over ``lines`` (in one pass at C speed)."""
    return sum(map(len, [line.text for line in lines])) + LINE_OVERHEAD * len(lines)


class LinePump:
    """Lines waiting for the next flush; the oldest are dropped beyond ``capacity``
    lines or ``max_bytes``."""

    def __init__(self, capacity: int, max_bytes: int = 16 * 1024 * 1024) -> None:
        self.capacity = max(1, capacity)
        self.max_bytes = max(1, max_bytes)
        self._pending: deque[LogLine] = deque()
        self._bytes = 0
        self._dropped = 0
        #: Lines (and their bytes) dropped since the pump was made: lost before the buffer.
        self.dropped_total = 0
        self.dropped_bytes = 0

    def __len__(self) -> int:
        return len(self._pending)

    def push(self, line: LogLine) -> None:
        """Queue one line; if full, the oldest queued lines are dropped and counted."""
        self._pending.append(line)
        self._bytes += line_size(line)
        self._bound()

    def push_many(self, lines: Sequence[LogLine]) -> None:
        """Queue a batch (arrival order); if full, the oldest are dropped and counted."""
        self._pending.extend(lines)
        self._bytes += _size_of(lines)
        self._bound()

    def _bound(self) -> None:
        pending = self._pending
        while len(pending) > self.capacity or (self._bytes > self.max_bytes and len(pending) > 1):
            size = line_size(pending.popleft())
            self._bytes -= size
            self._dropped += 1
            self.dropped_total += 1
            self.dropped_bytes += size

    def take(self) -> tuple[list[LogLine], int]:
        """Every queued line (oldest first) and how many were dropped before them."""
        batch = list(self._pending)
        self._pending.clear()
        self._bytes = 0
        dropped, self._dropped = self._dropped, 0
        return batch, dropped

    def clear(self) -> None:
        self._pending.clear()
        self._bytes = 0
        self._dropped = 0


def _sort_key(lines: Iterable[LogLine]) -> list[tuple[float, int]]:
    """Time keys for a merge: undated lines (markers) keep their neighbour's time."""
    keys: list[tuple[float, int]] = []
    last = float("-inf")
    for index, line in enumerate(lines):
        ts = line.timestamp
        if ts is not None:
            last = (ts if ts.tzinfo else ts.replace(tzinfo=UTC)).timestamp()
        keys.append((last, index))
    return keys


class LogBuffer:
    """The last ``cap`` lines of the log (at most ``max_bytes``), with a running count
    of all lines added and of the log's lines (not gap markers) dropped to stay within both."""

    def __init__(self, cap: int, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.cap = max(1, cap)
        self.max_bytes = max(1, max_bytes)
        self.lines: list[LogLine] = []
        self.bytes = 0
        #: Lines ever added; ``total - mark`` is how many arrived after ``mark``.
        self.total = 0
        #: Lines (and their bytes) dropped, oldest first, to stay within the bounds.
        self.dropped_lines = 0
        self.dropped_bytes = 0

    def __len__(self) -> int:
        return len(self.lines)

    def clear(self) -> None:
        self.lines.clear()
        self.bytes = self.total = self.dropped_lines = self.dropped_bytes = 0

    def extend(self, batch: Sequence[LogLine]) -> None:
        """Append in arrival order."""
        self.lines.extend(batch)
        self.bytes += _size_of(batch)
        self.total += len(batch)
        self._trim()

    def _trim(self) -> None:
        """Drop the oldest lines until both bounds hold (the newest line always stays)."""
        lines = self.lines
        excess = max(0, len(lines) - self.cap)
        if self.bytes > self.max_bytes:  # long lines: how many more the bytes need gone
            over = self.bytes - self.max_bytes - _size_of(lines[:excess])
            while over > 0 and excess < len(lines) - 1:
                over -= line_size(lines[excess])
                excess += 1
        if excess:  # drop them at once (a flood drops thousands per flush)
            self._dropped(lines[:excess])
            del lines[:excess]

    def _dropped(self, gone: list[LogLine]) -> None:
        size = _size_of(gone)
        self.bytes -= size
        gaps = [line for line in gone if line.kind is LineKind.GAP]  # ours, not the log's
        self.dropped_lines += len(gone) - len(gaps)
        self.dropped_bytes += size - _size_of(gaps)

    def merge(self, batch: Sequence[LogLine], backlog_before: datetime) -> list[LogLine] | None:
        """Add ``batch``, placing lines older than ``backlog_before`` in time order.

        Used when several containers are shown together: each stream first sends
        its tail (lines from before the view started), which must be interleaved
        with the other containers' tails; live lines are appended as they come.
        Returns the batch in the order it was appended, or None when lines
        already in the buffer moved (the view must be rendered again).
        """
        if not batch:
            return []
        newest = self._newest_time()
        backlog = [_aware(x.timestamp) for x in batch if x.timestamp is not None]
        backlog = [ts for ts in backlog if ts < backlog_before]
        if newest is None or not backlog or min(backlog) >= newest:
            ordered = sorted(zip(_sort_key(batch), batch, strict=True), key=lambda kv: kv[0])
            appended = [line for _, line in ordered]
            self.extend(appended)
            return appended
        combined = [*self.lines, *batch]
        keys = _sort_key(combined)
        ordered_pairs = sorted(zip(keys, combined, strict=True), key=lambda kv: kv[0])
        self.lines = [line for _, line in ordered_pairs]
        self.bytes += sum(map(line_size, batch))
        self.total += len(batch)
        self._trim()
        return None

    def _newest_time(self) -> datetime | None:
        for line in reversed(self.lines):
            if line.timestamp is not None:
                return _aware(line.timestamp)
        return None

    def after(self, mark: int) -> list[LogLine] | None:
        """Lines added since ``total`` was ``mark``; None if some were already evicted."""
        count = self.total - mark
        if count <= 0:
            return []
        if count > len(self.lines):
            return None
        return self.lines[len(self.lines) - count :]


def _aware(ts: datetime) -> datetime:
    return ts if ts.tzinfo is not None else ts.replace(tzinfo=UTC)
