"""Following an ACI log by polling: the pure de-duplication logic.

ARM has no log stream and no ``since``: each read returns the last ``tail``
lines as one string. :class:`LogFollower` compares each new window with the
previous one and hands back only the lines after their overlap — identical
repeated lines included, because lines are matched with their timestamps and
by position (the longest suffix of the previous window that is a prefix of
the new one). A burst that outruns ``tail`` asks for a bigger read; lines lost
anyway become one ``GAP`` line; a log that shrinks or starts over, or a rising
restart count, becomes one ``RESTART`` line. Nothing is ever reprinted.
A line keeps at most :data:`MAX_LINE_CHARS` characters (`` … [+N bytes]``).

Standard library only; no I/O, no clock: the backend drives it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from acitui.model import LineKind, LogLine

#: Characters of one line kept; the rest is dropped with a note saying how much.
MAX_LINE_CHARS = 64 * 1024
_STAMP = re.compile(
    r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:[.,](\d+))?(Z|[+-]\d\d:?\d\d)?(?: |$)"
)


def split_content(content: str | None) -> list[str]:
    """Split a ``list_logs`` content string into raw lines (no trailing empty line)."""
    if not content:
        return []
    lines = content.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def parse_timestamp(raw: str) -> tuple[datetime | None, str]:
    """Split an RFC 3339 (nano) timestamp prefix off a line: ``(when, text)``."""
    match = _STAMP.match(raw)
    if match is None:
        return None, raw
    day, clock, fraction, zone = match.groups()
    micros = (fraction or "0")[:6].ljust(6, "0")
    try:
        when = datetime.fromisoformat(f"{day}T{clock}.{micros}")
    except ValueError:
        return None, raw
    if zone in (None, "Z"):
        when = when.replace(tzinfo=UTC)
    else:
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        when = (when - sign * offset).replace(tzinfo=UTC)
    return when, raw[match.end() :]


def cap_line(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """At most ``limit`` characters, with `` … [+N bytes]`` (UTF-8) for the rest."""
    if len(text) <= limit:
        return text
    dropped = len(text[limit:].encode("utf-8", errors="replace"))
    return f"{text[:limit]} … [+{dropped:,} bytes]"


def to_log_line(raw: str, container: str, *, timestamps: bool) -> LogLine:
    """One raw line as a LogLine (capped); with ``timestamps`` the prefix is parsed off."""
    if not timestamps:
        return LogLine(text=cap_line(raw), container=container, stream="")
    when, text = parse_timestamp(raw)
    return LogLine(text=cap_line(text), container=container, timestamp=when, stream="")


def _prefix_function(pattern: Sequence[str]) -> list[int]:
    fail = [0] * len(pattern)
    j = 0
    for i in range(1, len(pattern)):
        while j and pattern[i] != pattern[j]:
            j = fail[j - 1]
        if pattern[i] == pattern[j]:
            j += 1
        fail[i] = j
    return fail


def overlap(previous: Sequence[str], new: Sequence[str]) -> int:
    """Length of the longest suffix of ``previous`` that is a prefix of ``new``.

    Knuth-Morris-Pratt over lines: linear even for 10,000-line windows.
    """
    size = min(len(previous), len(new))
    if size == 0:
        return 0
    pattern = new[:size]
    fail = _prefix_function(pattern)
    j = 0
    for item in previous[len(previous) - size :]:
        while j and item != pattern[j]:
            j = fail[j - 1]
        if item == pattern[j]:
            j += 1
    return j


def last_occurrence_end(needle: Sequence[str], haystack: Sequence[str]) -> int | None:
    """Index just after the rightmost occurrence of ``needle`` in ``haystack``, or None."""
    if not needle or len(needle) > len(haystack):
        return None
    fail = _prefix_function(needle)
    found: int | None = None
    j = 0
    for i, item in enumerate(haystack):
        while j and item != needle[j]:
            j = fail[j - 1]
        if item == needle[j]:
            j += 1
        if j == len(needle):
            found = i + 1
            j = fail[j - 1]
    return found


def resume_point(previous: Sequence[str], new: Sequence[str]) -> int:
    """Where the unseen lines of ``new`` start, or 0 when the two reads share nothing.

    A bigger read reaches back past the previous one (the whole previous read
    sits inside it); an equal one starts inside it (a suffix of the previous
    read begins the new one). Of several candidates the latest wins: a line is
    never shown twice.
    """
    end = last_occurrence_end(previous, new)
    return end if end is not None else overlap(previous, new)


@dataclass(frozen=True, slots=True)
class Window:
    """One read: the raw lines and the ``tail`` asked for (None: the whole log)."""

    lines: tuple[str, ...]
    asked: int | None

    @property
    def complete(self) -> bool:
        """True when the read holds the whole log (fewer lines than asked for)."""
        return self.asked is None or len(self.lines) < self.asked


class Verdict(StrEnum):
    NEW = "new"  # lines after the overlap (maybe none)
    NEED_MORE = "need_more"  # no overlap in a full window: read again with ``tail``
    RESET = "reset"  # the log shrank or started over: a new run
    GAP = "gap"  # no overlap even at the biggest tail: lines were lost


@dataclass(frozen=True, slots=True)
class Step:
    verdict: Verdict
    lines: list[LogLine] = field(default_factory=list)


class LogFollower:
    """Turns successive tail windows of one container's log into new lines only.

    Use: ``first(window, show)`` once, then ``advance(window)`` per poll,
    re-reading with ``follower.tail`` while the verdict is NEED_MORE; report
    the container's restart count with ``restart_marker`` now and then, and
    always after a RESET.
    """

    def __init__(self, container: str, *, base_tail: int = 200, max_tail: int = 10_000) -> None:
        self.container = container
        self.base_tail = max(1, base_tail)
        self.max_tail = max(self.base_tail, max_tail)
        #: The tail to ask for on the next read.
        self.tail = self.base_tail
        self._previous = Window((), None)
        self._restart_count: int | None = None
        self._rises = 0
        self._resets = 0
        self._markers = 0

    def _line(self, raw: str) -> LogLine:
        return to_log_line(raw, self.container, timestamps=True)

    def first(self, window: Window, show: int | None) -> list[LogLine]:
        """Accept the first read; return its last ``show`` lines (all when None)."""
        self._previous = window
        lines = window.lines
        if show is not None:
            lines = lines[max(0, len(lines) - show) :] if show > 0 else ()
        return [self._line(raw) for raw in lines]

    def advance(self, window: Window) -> Step:
        """Compare a new read with the previous one; see :class:`Verdict`."""
        previous = self._previous
        old, new = previous.lines, window.lines
        if previous.complete and window.complete:
            if new[: len(old)] == old:
                return self._accept(window, new[len(old) :])
            return self._reset(window)
        if window.complete and len(new) < len(old):
            return self._reset(window)
        shared = resume_point(old, new)
        if shared or (not old and window.complete):
            return self._accept(window, new[shared:])
        if window.complete:
            return self._reset(window)
        asked = window.asked or self.tail
        if asked < self.max_tail:
            self.tail = min(self.max_tail, asked * 4)
            return Step(Verdict.NEED_MORE)
        self._previous = window
        gap = LogLine(
            text=f"lines lost: the log grew by more than {asked} lines between two reads",
            container=self.container,
            kind=LineKind.GAP,
        )
        return Step(Verdict.GAP, [gap, *(self._line(raw) for raw in new)])

    def _accept(self, window: Window, fresh: Sequence[str]) -> Step:
        self._previous = window
        if len(fresh) * 2 > self.tail:
            self.tail = min(self.max_tail, self.tail * 2)
        elif self.tail > self.base_tail and len(fresh) * 8 < self.tail:
            self.tail = max(self.base_tail, self.tail // 2)
        return Step(Verdict.NEW, [self._line(raw) for raw in fresh])

    def _reset(self, window: Window) -> Step:
        self._previous = window
        self._resets += 1
        return Step(Verdict.RESET, [self._line(raw) for raw in window.lines])

    def forget_reset(self) -> None:
        """The last RESET was a stop (the log emptied), not a new run: no marker for it."""
        self._resets = max(0, self._resets - 1)

    def restart_marker(self, restart_count: int | None, exit_code: int | None) -> LogLine | None:
        """A RESTART line when a restart was seen (count rose or log reset) and not yet shown.

        Each restart shows up as a rising count, a reset log, or both, in
        either order: one marker per restart, whichever channel saw it first.
        """
        if restart_count is not None:
            if self._restart_count is not None and restart_count > self._restart_count:
                self._rises += restart_count - self._restart_count
            self._restart_count = restart_count
        due = max(self._rises, self._resets) - self._markers
        if due <= 0:
            return None
        self._markers += due
        times = "" if due == 1 else f" {due} times"
        ended = "" if exit_code is None else f" (previous run exited with code {exit_code})"
        return LogLine(
            text=f"container {self.container} restarted{times}{ended}",
            container=self.container,
            kind=LineKind.RESTART,
        )
