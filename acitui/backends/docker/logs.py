"""Docker's logs endpoint: the raw response, HTTP chunk decoding, snapshots.

The logs endpoint is read raw (``read1`` on the response, never docker-py's
byte-at-a-time iterator) in big reads, de-chunked here, and parsed a whole
buffer at a time by :mod:`docker_frames`.
"""

from __future__ import annotations

import http.client
import socket
from collections.abc import Iterator
from typing import Any

from acitui.backends.docker.frames import MAX_JOIN, PARTIAL, Entry, EntryParser
from acitui.model import LogLine

__all__ = [
    "MAX_JOIN",
    "PARTIAL",
    "READ_SIZE",
    "Dechunker",
    "Entry",
    "EntryParser",
    "fetch_entries",
    "fetch_lines",
    "logs_params",
    "open_logs",
    "read_chunks",
    "shutdown",
]

#: Bytes asked of the socket per read: a flood arrives in few, big batches.
READ_SIZE = 256 * 1024


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
    """Decodes HTTP chunked transfer encoding incrementally, a whole read at a time."""

    def __init__(self) -> None:
        self._rest = b""  # an incomplete chunk header
        self._left = 0  # data bytes still due in the current chunk
        self._crlf = 0  # bytes of the CRLF after a chunk's data still due
        self.done = False

    def feed(self, raw: bytes) -> bytes:
        if self.done:
            return b""
        buf = self._rest + raw if self._rest else raw
        self._rest, out = b"", []
        pos, end = 0, len(buf)
        if self._left:  # the rest of a chunk begun in an earlier read
            pos = min(self._left, end)
            out.append(buf[:pos])
            self._left -= pos
            self._crlf = 0 if self._left else 2
        if self._crlf:
            pos = self._skip_crlf(pos, end)
        if self._left or self._crlf:
            return b"".join(out)
        find, append = buf.find, out.append
        while (line := find(b"\r\n", pos)) >= 0:
            try:
                size = int(buf[pos:line], 16)
            except ValueError:
                size = _chunk_size(buf[pos:line])
            start = line + 2
            stop = start + size
            if size and stop + 2 <= end:  # the whole chunk and its CRLF are here
                append(buf[start:stop])
                pos = stop + 2
                continue
            if not size:
                self.done = True
                return b"".join(out)
            pos = min(stop, end)
            append(buf[start:pos])
            self._left, self._crlf = stop - pos, 2
            if not self._left:
                self._skip_crlf(pos, end)
            return b"".join(out)
        self._rest = buf[pos:]
        return b"".join(out)

    def _skip_crlf(self, pos: int, end: int) -> int:
        skip = min(self._crlf, end - pos)
        self._crlf -= skip
        return pos + skip


def _chunk_size(header: bytes) -> int:
    try:
        return int(header, 16)
    except ValueError:
        pass
    try:
        return int(header.split(b";")[0], 16)  # a chunk extension
    except ValueError:
        raise http.client.HTTPException("malformed chunked response") from None


def read_chunks(response: Any, size: int = READ_SIZE) -> Iterator[bytes]:
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


def fetch_lines(
    api: Any,
    container_id: str,
    tty: bool,
    container: str,
    *,
    since_ns: int | None = None,
    until_ns: int | None = None,
) -> tuple[list[LogLine], list[int]]:
    """A finite read as lines of ``container`` with their ns (blocking: call it in a thread)."""
    params = logs_params(follow=False, tail=None, since_ns=since_ns, until_ns=until_ns)
    response = open_logs(api, container_id, params, timeout=60)
    parser = EntryParser(tty, container)
    lines: list[LogLine] = []
    stamps: list[int] = []
    try:
        for data in read_chunks(response):
            more, ns = parser.parse(data)
            lines += more
            stamps += ns
    finally:
        response.close()
    more, ns = parser.end()
    return lines + more, stamps + ns
