"""Docker log responses → log lines: frame parsing and snapshots.

The logs endpoint is read raw (``read1`` on the response, never docker-py's
byte-at-a-time iterator): non-TTY containers send multiplexed frames (an
8-byte header with the stream and size), TTY containers send plain bytes. We
always ask for timestamps: every entry starts ``<RFC 3339 ns> ``. Docker
splits lines over 16 KiB into several entries, each with its own timestamp;
:class:`EntryParser` joins them again and keeps stdout and stderr apart.
Text is decoded with ``errors="replace"`` and otherwise left raw: the face
sanitises.
"""

from __future__ import annotations

import http.client
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from acitui.backends.docker_grouping import ns_to_datetime, parse_time_ns
from acitui.model import LogLine

#: Docker cuts a line into entries of this many bytes (plus the remainder).
PARTIAL = 16 * 1024
#: We re-join at most this much of one line (a newline-less progress bar
#: must not grow without bound); the rest continues as a new line.
MAX_JOIN = 1024 * 1024
_STREAMS = {0: "stdin", 1: "stdout", 2: "stderr"}
_TS = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) ")


@dataclass(frozen=True, slots=True)
class Entry:
    """One complete log line: stream, first timestamp (ns), decoded text."""

    stream: str
    time_ns: int
    text: str

    def line(self, container: str, *, timestamps: bool = True) -> LogLine:
        when = ns_to_datetime(self.time_ns) if timestamps else None
        return LogLine(self.text, container=container, timestamp=when, stream=self.stream)


def _split_ts(payload: bytes) -> tuple[int, bytes]:
    """(time_ns, rest) of ``<timestamp> <text>``; 0 when no timestamp leads."""
    match = _TS.match(payload)
    if match is None:
        return 0, payload
    return parse_time_ns(match.group()[:-1].decode()) or 0, payload[match.end() :]


def _text(payload: bytes, tty: bool) -> str:
    if payload.endswith(b"\n"):
        payload = payload[:-1]
        if tty and payload.endswith(b"\r"):
            payload = payload[:-1]
    return payload.decode("utf-8", errors="replace")


class EntryParser:
    """Incremental parser: feed response bytes, get complete entries back."""

    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self._buf = bytearray()
        #: stream → (first timestamp, fragments) of a line Docker split
        self._partial: dict[str, tuple[int, list[bytes]]] = {}

    def feed(self, data: bytes) -> list[Entry]:
        self._buf += data
        return self._tty_entries() if self.tty else self._frame_entries()

    def flush(self) -> list[Entry]:
        """At the end of a response: whatever is left is a last, unterminated line."""
        out: list[Entry] = []
        if self.tty and self._buf:
            out.extend(self._tty_line(bytes(self._buf)))
        for stream, (ts, parts) in self._partial.items():
            out.append(Entry(stream, ts, _text(b"".join(parts), self.tty)))
        self.reset()
        return out

    def reset(self) -> None:
        """Forget half-read data (after a dropped connection it is read again)."""
        self._buf.clear()
        self._partial.clear()

    def _frame_entries(self) -> list[Entry]:
        out: list[Entry] = []
        buf, pos = self._buf, 0
        while len(buf) - pos >= 8:
            size = int.from_bytes(buf[pos + 4 : pos + 8], "big")
            if len(buf) - pos - 8 < size:
                break
            stream = _STREAMS.get(buf[pos], "stdout")
            entry = self._join(stream, bytes(buf[pos + 8 : pos + 8 + size]))
            if entry is not None:
                out.append(entry)
            pos += 8 + size
        del buf[:pos]
        return out

    def _join(self, stream: str, payload: bytes) -> Entry | None:
        ts, rest = _split_ts(payload)
        pending = self._partial.pop(stream, None)
        if pending is not None:
            ts, parts = pending
            parts.append(rest)
        else:
            parts = [rest]
        if not rest.endswith(b"\n") and len(parts) * PARTIAL < MAX_JOIN:
            self._partial[stream] = (ts, parts)
            return None
        return Entry(stream, ts, _text(b"".join(parts), self.tty))

    def _tty_entries(self) -> list[Entry]:
        out: list[Entry] = []
        end = self._buf.rfind(b"\n")
        if end >= 0:
            chunk = bytes(self._buf[: end + 1])
            del self._buf[: end + 1]
            for raw in chunk.split(b"\n")[:-1]:
                out.extend(self._tty_cut(raw + b"\n", keep_last=False))
        if len(self._buf) > MAX_JOIN:  # no newline for a long while (a progress bar?)
            out.extend(self._tty_cut(bytes(self._buf), keep_last=True))
        return out

    def _tty_cut(self, raw: bytes, *, keep_last: bool) -> list[Entry]:
        """Lines of at most MAX_JOIN bytes, cut where Docker split them; the
        unfinished rest goes back to the buffer when ``keep_last``."""
        out: list[Entry] = []
        while len(raw) > MAX_JOIN:
            first = _TS.match(raw)
            piece = (len(first.group()) + PARTIAL) if first else 0
            cut = (MAX_JOIN // piece) * piece if piece else MAX_JOIN
            if not piece or not _TS.match(raw, cut):
                cut = MAX_JOIN
            out.extend(self._tty_line(raw[:cut]))
            raw = raw[cut:]
        if keep_last:
            self._buf[:] = raw
        else:
            out.extend(self._tty_line(raw))
        return out

    def _tty_line(self, raw: bytes) -> list[Entry]:
        ts, rest = _split_ts(raw)
        # A split line arrives as "<ts> <16 KiB><ts> <more>": drop the inner timestamps.
        pieces, pos = [], 0
        while len(rest) - pos > PARTIAL:
            match = _TS.match(rest, pos + PARTIAL)
            if match is None:
                break
            pieces.append(rest[pos : pos + PARTIAL])
            pos = match.end()
        pieces.append(rest[pos:])
        return [Entry("stdout", ts, _text(b"".join(pieces), True))]


def logs_params(
    *, follow: bool, tail: int | None, since_ns: int | None = None, until_ns: int | None = None
) -> dict[str, str]:
    """Query parameters for the logs endpoint; ``tail`` is an int (a string streams all)."""
    params = {
        "stdout": "1",
        "stderr": "1",
        "timestamps": "1",
        "follow": "1" if follow else "0",
        "tail": "all" if tail is None else str(int(tail)),
    }
    if since_ns is not None:
        params["since"] = f"{since_ns // 1_000_000_000}.{since_ns % 1_000_000_000:09d}"
    if until_ns is not None:
        params["until"] = f"{until_ns // 1_000_000_000}.{until_ns % 1_000_000_000:09d}"
    return params


def open_logs(api: Any, container_id: str, params: dict[str, str], *, timeout: float | None):
    """The raw streaming response of ``GET /containers/{id}/logs`` (a requests.Response)."""
    import docker.errors

    url = f"{api.base_url}/v{api.api_version}/containers/{container_id}/logs"
    response = api.get(url, params=params, stream=True, timeout=(10, timeout))
    if response.status_code >= 400:
        try:
            response.raise_for_status()
        except Exception as exc:
            response.close()
            raise docker.errors.create_api_error_from_http_exception(exc) from None
    return response


class Dechunker:
    """Decodes HTTP chunked transfer encoding incrementally."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._left = 0  # bytes still due in the current chunk
        self._crlf = False  # the CRLF after a chunk's data is due
        self.done = False

    def feed(self, raw: bytes) -> bytes:
        buf, out, pos = self._buf, bytearray(), 0
        buf += raw
        while not self.done:
            if self._left:
                take = min(self._left, len(buf) - pos)
                out += buf[pos : pos + take]
                pos, self._left = pos + take, self._left - take
                if self._left:
                    break
                self._crlf = True
            if self._crlf:
                if len(buf) - pos < 2:
                    break
                pos, self._crlf = pos + 2, False
            end = buf.find(b"\r\n", pos)
            if end < 0:
                break
            try:
                size = int(bytes(buf[pos:end]).split(b";")[0], 16)
            except ValueError:
                raise http.client.HTTPException("malformed chunked response") from None
            pos = end + 2
            self.done, self._left = size == 0, size
        del buf[:pos]
        return bytes(out)


def read_chunks(response: Any, size: int = 65536) -> Iterator[bytes]:
    """Yield the body's bytes as they arrive, in bulk.

    http.client's ``read1`` stops at every HTTP chunk, and Docker flushes one
    chunk per log line; so read whatever the socket holds and de-chunk here.
    """
    http_response = getattr(response.raw, "_fp", None)
    fp = getattr(http_response, "fp", None)
    chunked = getattr(http_response, "chunked", False)
    if fp is None or not chunked or getattr(http_response, "chunk_left", None) is not None:
        while data := response.raw.read1(size):
            yield data
        return
    decoder = Dechunker()
    while not decoder.done:
        raw = fp.read1(size)
        if not raw:
            raise http.client.IncompleteRead(b"")
        if data := decoder.feed(raw):
            yield data


def shutdown(response: Any) -> None:
    """Stop a streaming response from another thread: its reader wakes at once."""
    try:
        response.raw._fp.fp.raw._sock.shutdown(socket.SHUT_RDWR)
    except (AttributeError, OSError):
        try:
            response.close()
        except Exception:  # already closed
            pass


def fetch_entries(
    api: Any,
    container_id: str,
    tty: bool,
    *,
    tail: int | None,
    since_ns: int | None = None,
    until_ns: int | None = None,
) -> list[Entry]:
    """A finite read of a container's log (blocking: call it in a thread)."""
    params = logs_params(follow=False, tail=tail, since_ns=since_ns, until_ns=until_ns)
    response = open_logs(api, container_id, params, timeout=60)
    parser = EntryParser(tty)
    out: list[Entry] = []
    try:
        for data in read_chunks(response):
            out.extend(parser.feed(data))
    finally:
        response.close()
    out.extend(parser.flush())
    return out
