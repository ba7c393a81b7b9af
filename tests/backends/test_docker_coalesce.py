"""The follow reader hands lines on in batches while a flood is waiting, at once otherwise."""

from __future__ import annotations

import socket
from types import SimpleNamespace
from typing import Any

from acitui.backends.docker.follow import COALESCE_LINES, Coalescer
from acitui.model import LogLine


def response(sock: socket.socket) -> Any:
    """A stand-in with the attribute path docker-py's streamed response has to its socket."""
    raw = SimpleNamespace(_sock=sock)
    return SimpleNamespace(raw=SimpleNamespace(_fp=SimpleNamespace(fp=SimpleNamespace(raw=raw))))


def batch(n: int, start: int = 0) -> tuple[list[LogLine], list[int]]:
    return [LogLine(f"line {i}") for i in range(start, start + n)], list(range(start, start + n))


def test_lines_wait_only_while_more_bytes_are_waiting() -> None:
    """Held while the socket has data; all handed on, in order, once it has none."""
    ours, engine = socket.socketpair()
    try:
        held = Coalescer(response(ours))
        engine.sendall(b"more")
        assert held.add(batch(3)) is None
        assert held.add(batch(3, 3)) is None
        ours.recv(16)  # the socket is drained: nothing waits any more
        out = held.add(batch(2, 6))
        assert out is not None
        assert [line.text for line in out[0]] == [f"line {i}" for i in range(8)]
        assert out[1] == list(range(8))
    finally:
        ours.close()
        engine.close()


def test_a_full_batch_goes_even_while_the_flood_continues() -> None:
    """At COALESCE_LINES held lines the batch is handed on although data is still waiting."""
    ours, engine = socket.socketpair()
    try:
        held = Coalescer(response(ours))
        engine.sendall(b"more")
        assert held.add(batch(COALESCE_LINES - 1)) is None
        out = held.add(batch(1, COALESCE_LINES - 1))
        assert out is not None and len(out[0]) == COALESCE_LINES
    finally:
        ours.close()
        engine.close()


def test_a_quiet_stream_and_the_end_are_never_held() -> None:
    """No socket data waiting (or the stream's end): lines go at once; nothing is lost."""
    ours, engine = socket.socketpair()
    try:
        held = Coalescer(response(ours))
        out = held.add(batch(1))
        assert out is not None and len(out[0]) == 1
        engine.sendall(b"more")
        assert held.add(batch(2, 1)) is None
        last = held.add(([], []), last=True)
        assert last is not None and [x.text for x in last[0]] == ["line 1", "line 2"]
    finally:
        ours.close()
        engine.close()
