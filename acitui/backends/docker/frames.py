"""Docker log bytes → log lines: multiplexed frames, TTY text, timestamps.

Non-TTY containers send frames (an 8-byte header with the stream and size),
TTY containers plain bytes. We always ask for timestamps: every entry starts
``<RFC 3339 ns> ``. Docker splits lines over 16 KiB into several entries,
each with its own timestamp; :class:`EntryParser` joins them again and keeps
stdout and stderr apart. Text is decoded with ``errors="replace"`` and
otherwise left raw: the face sanitises. One line keeps at most
:data:`MAX_LINE_BYTES` (the rest is counted, not held, and the text ends with
`` … [+N bytes]``), so a container writing 1 MB lines costs 64 KiB a line.

This is the hot path of a log flood (100k+ lines/s), so a whole buffer is
parsed per call with bytes-level operations, and the ``datetime`` of a line
reuses the date and time of day its second shares with the lines before it.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import MemberDescriptorType

from acitui.backends.docker.times import parse_time_ns
from acitui.model import LineKind, LogLine

#: Docker cuts a line into entries of this many bytes (plus the remainder).
PARTIAL = 16 * 1024
#: We re-join at most this much of one line (a newline-less progress bar
#: must not grow without bound); the rest continues as a new line.
MAX_JOIN = 1024 * 1024
#: Bytes of one line kept; the rest is dropped with a note saying how much.
MAX_LINE_BYTES = 64 * 1024
_STREAMS = ("stdin", "stdout", "stderr") + ("stdout",) * 253  # by the header's first byte
_HEADER = struct.Struct(">BxxxI")
_TS = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) ")
_SECOND = re.compile(rb"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)")
_SCALE = tuple(10 ** (9 - n) for n in range(10))  # fraction digits → ns
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_OUTPUT = LineKind.OUTPUT


def _line_maker() -> Callable[[str, str, datetime | None, str], LogLine]:
    """``LogLine(text, container, when, stream)``, twice as fast as the frozen ``__init__``.

    A frozen dataclass sets each field through ``object.__setattr__``; here the
    slot descriptors are called directly. Used only while LogLine has exactly
    the fields it was written for (else the plain constructor).
    """
    names = ("text", "container", "timestamp", "stream", "kind")
    fields = getattr(LogLine, "__dataclass_fields__", {})
    slots = all(isinstance(getattr(LogLine, n, None), MemberDescriptorType) for n in names)
    if tuple(fields) != names or not slots:
        return lambda text, container, when, stream: LogLine(text, container, when, stream)
    new = object.__new__
    text_, container_, when_, stream_, kind_ = (getattr(LogLine, n).__set__ for n in names)

    def make(text: str, container: str, when: datetime | None, stream: str) -> LogLine:
        line = new(LogLine)
        text_(line, text)
        container_(line, container)
        when_(line, when)
        stream_(line, stream)
        kind_(line, _OUTPUT)
        return line

    return make


_make_line = _line_maker()


def ns_datetime(ns: int) -> datetime | None:
    """The aware UTC datetime (µs, exact) of ns since the epoch; None for 0 (no timestamp)."""
    return _EPOCH + timedelta(microseconds=ns // 1000) if ns else None


@dataclass(frozen=True, slots=True)
class Entry:
    """One complete log line: stream, first timestamp (ns), decoded text."""

    stream: str
    time_ns: int
    text: str

    def line(self, container: str, *, timestamps: bool = True) -> LogLine:
        when = ns_datetime(self.time_ns) if timestamps else None
        return LogLine(self.text, container, when, self.stream)


class EntryParser:
    """Incremental parser: feed response bytes, get complete lines back.

    :meth:`parse` returns the lines (for ``container``) with each line's first
    timestamp in ns beside them; :meth:`feed` the same as :class:`Entry`.
    """

    def __init__(self, tty: bool, container: str = "") -> None:
        self.tty = tty
        self.container = container
        self._rest = b""
        #: stream → (first timestamp, kept fragments, their size, bytes dropped)
        #: of a line Docker split
        self._partial: dict[str, tuple[int, list[bytes], int, int]] = {}
        self._lines: list[LogLine] = []
        self._stamps: list[int] = []
        # the second the last timestamp fell in: its 19 bytes, ns, datetime fields
        self._key = b""
        self._second_ns = 0
        self._fields: tuple[int, int, int, int, int, int] = (1970, 1, 1, 0, 0, 0)

    # -- public -------------------------------------------------------------------
    def parse(self, data: bytes) -> tuple[list[LogLine], list[int]]:
        """Complete lines in ``data`` (plus what earlier calls left) and their ns."""
        buf = self._rest + data if self._rest else bytes(data)
        self._lines, self._stamps = [], []
        if self.tty:
            self._tty(buf)
        else:
            self._frames(buf)
        return self._take()

    def end(self) -> tuple[list[LogLine], list[int]]:
        """At the end of a response: whatever is left is a last, unterminated line."""
        if self.tty and self._rest:
            self._tty_line(self._rest)
        for stream, (ns, parts, _, skipped) in self._partial.items():
            self._add(stream, ns, _capped(b"".join(parts), skipped))
        self.reset()
        return self._take()

    def feed(self, data: bytes) -> list[Entry]:
        return _entries(*self.parse(data))

    def flush(self) -> list[Entry]:
        return _entries(*self.end())

    def reset(self) -> None:
        """Forget half-read data (after a dropped connection it is read again)."""
        self._rest = b""
        self._partial.clear()

    # -- helpers ------------------------------------------------------------------
    def _take(self) -> tuple[list[LogLine], list[int]]:
        out = self._lines, self._stamps
        self._lines, self._stamps = [], []
        return out

    def _add(self, stream: str, ns: int, text: str) -> None:
        self._lines.append(_make_line(text, self.container, ns_datetime(ns), stream))
        self._stamps.append(ns)

    def _second(self, key: bytes) -> bool:
        """Make ``key`` (``YYYY-MM-DDTHH:MM:SS``) the cached second; False if it is not one."""
        match = _SECOND.fullmatch(key)
        if match is None:
            return False
        year, month, day, hour, minute, second = map(int, match.groups())
        try:
            when = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        except ValueError:
            return False
        self._key, self._fields = key, (year, month, day, hour, minute, second)
        self._second_ns = (when - _EPOCH) // timedelta(seconds=1) * 1_000_000_000
        return True

    def _split_ts(self, payload: bytes) -> tuple[int, bytes]:
        """(time_ns, rest) of ``<timestamp> <text>``; 0 when no timestamp leads."""
        match = _TS.match(payload)
        if match is None:
            return 0, payload
        ns = parse_time_ns(match.group()[:-1].decode())
        return (0, payload) if ns is None else (ns, payload[match.end() :])

    # -- frames -------------------------------------------------------------------
    def _frames(self, buf: bytes) -> None:
        """Every whole frame in ``buf``; the rest waits for more bytes."""
        lines, stamps, partial = self._lines, self._stamps, self._partial
        unpack, container, new = _HEADER.unpack_from, self.container, _make_line
        key, second, (year, month, day, hour, minute, sec) = (
            self._key, self._second_ns, self._fields)  # fmt: skip
        end, pos = len(buf), 0
        while end - pos >= 8:
            kind, size = unpack(buf, pos)
            start = pos + 8
            stop = start + size
            if stop > end:
                break
            pos = stop
            # The common case, "<YYYY-MM-DDTHH:MM:SS>[.<digits>]Z <text>\n", inline:
            space = buf.find(b" ", start + 20, start + 31)
            if 0 < space < stop and buf[stop - 1] == 10 and buf[space - 1] == 90 and not partial:
                if buf[start : start + 19] != key:
                    if not self._second(buf[start : start + 19]):
                        self._frame(_STREAMS[kind], buf[start:stop])
                        continue
                    key, second, (year, month, day, hour, minute, sec) = (
                        self._key, self._second_ns, self._fields)  # fmt: skip
                digits = buf[start + 20 : space - 1]
                if space == start + 20:
                    fraction = 0
                elif buf[start + 19] == 46 and digits.isdigit():
                    fraction = int(digits) * _SCALE[len(digits)]
                else:
                    self._frame(_STREAMS[kind], buf[start:stop])
                    continue
                text = buf[space + 1 : stop - 1].decode("utf-8", "replace")
                when = datetime(year, month, day, hour, minute, sec, fraction // 1000, UTC)
                lines.append(new(text, container, when, _STREAMS[kind]))
                stamps.append(second + fraction)
            else:
                self._frame(_STREAMS[kind], buf[start:stop])
        self._rest = buf[pos:]

    def _frame(self, stream: str, payload: bytes) -> None:
        """One frame the general way: a split line's pieces are joined (up to the cap)."""
        ns, rest = self._split_ts(payload)
        ends = rest.endswith(b"\n")
        if ends:
            rest = rest[:-1]
        pending = self._partial.pop(stream, None)
        parts: list[bytes] = []
        size = skipped = 0
        if pending is not None:
            ns, parts, size, skipped = pending
        if size <= MAX_LINE_BYTES:
            parts.append(rest)
            size += len(rest)
        else:
            skipped += len(rest)
        if not ends and size + skipped + PARTIAL <= MAX_JOIN:
            self._partial[stream] = (ns, parts, size, skipped)
            return
        self._add(stream, ns, _capped(b"".join(parts), skipped))

    # -- TTY ----------------------------------------------------------------------
    def _tty(self, buf: bytes) -> None:
        last = buf.rfind(b"\n")
        if last >= 0:
            for raw in buf[:last].split(b"\n"):
                if len(raw) <= PARTIAL:
                    self._tty_line(raw + b"\n")
                else:
                    self._tty_cut(raw + b"\n", keep_last=False)
            buf = buf[last + 1 :]
        self._rest = buf
        if len(buf) > MAX_JOIN:  # no newline for a long while (a progress bar?)
            self._tty_cut(buf, keep_last=True)

    def _tty_cut(self, raw: bytes, *, keep_last: bool) -> None:
        """Lines of at most MAX_JOIN bytes, cut where Docker split them; the
        unfinished rest goes back to the buffer when ``keep_last``."""
        while len(raw) > MAX_JOIN:
            first = _TS.match(raw)
            piece = (len(first.group()) + PARTIAL) if first else 0
            cut = (MAX_JOIN // piece) * piece if piece else MAX_JOIN
            if not piece or not _TS.match(raw, cut):
                cut = MAX_JOIN
            self._tty_line(raw[:cut])
            raw = raw[cut:]
        if keep_last:
            self._rest = raw
        else:
            self._tty_line(raw)

    def _tty_line(self, raw: bytes) -> None:
        ns, rest = self._split_ts(raw)
        # A split line arrives as "<ts> <16 KiB><ts> <more>": drop the inner timestamps.
        pieces, pos = [], 0
        while len(rest) - pos > PARTIAL:
            match = _TS.match(rest, pos + PARTIAL)
            if match is None:
                break
            pieces.append(rest[pos : pos + PARTIAL])
            pos = match.end()
        pieces.append(rest[pos:])
        self._add("stdout", ns, _text(b"".join(pieces), True))


def _text(payload: bytes, tty: bool) -> str:
    if payload.endswith(b"\n"):
        payload = payload[:-1]
        if tty and payload.endswith(b"\r"):
            payload = payload[:-1]
    return _capped(payload)


def _capped(payload: bytes, skipped: int = 0) -> str:
    """Decoded text of at most MAX_LINE_BYTES, with `` … [+N bytes]`` for what was cut."""
    if not skipped and len(payload) <= MAX_LINE_BYTES:
        return payload.decode("utf-8", errors="replace")
    cut = min(len(payload), MAX_LINE_BYTES)
    while cut > MAX_LINE_BYTES - 3 and cut < len(payload) and payload[cut] & 0xC0 == 0x80:
        cut -= 1  # never split a UTF-8 character
    dropped = skipped + len(payload) - cut
    return f"{payload[:cut].decode('utf-8', errors='replace')} … [+{dropped:,} bytes]"


def _entries(lines: list[LogLine], stamps: list[int]) -> list[Entry]:
    return [Entry(line.stream, ns, line.text) for line, ns in zip(lines, stamps, strict=True)]
