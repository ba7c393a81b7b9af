"""A bounded hand-off of log lines from a reader thread to the event loop.

The thread blocks while the buffer is full — by lines or by bytes —
(back-pressure reaches the socket, the engine holds the rest); the loop drains
everything buffered in one batch.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque

from acitui.model import LogLine

MAX_BUFFERED = 10_000
#: Characters buffered at most (a batch of long lines waits for the reader).
MAX_BUFFERED_BYTES = 4 * 1024 * 1024


class LineBuffer:
    """Lines handed from a reader thread to the event loop; the thread waits when full."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        max_lines: int = MAX_BUFFERED,
        max_bytes: int = MAX_BUFFERED_BYTES,
    ) -> None:
        self._loop = loop
        self._max = max_lines
        self._max_bytes = max_bytes
        self._bytes = 0
        self._lines: deque[LogLine] = deque()
        self._cond = threading.Condition()
        self._wake = asyncio.Event()
        self._closed = False
        self._done = False
        self._error: BaseException | None = None

    def _signal(self) -> None:
        try:
            self._loop.call_soon_threadsafe(self._wake.set)
        except RuntimeError:  # the loop is gone: nobody is reading any more
            self.close()

    def put(self, lines: list[LogLine]) -> bool:
        """Append (blocking while full); False once the reader went away."""
        if not lines:
            return not self._closed
        size = sum(len(line.text) for line in lines)
        with self._cond:
            while (
                self._lines
                and not self._closed
                and (len(self._lines) >= self._max or self._bytes + size > self._max_bytes)
            ):
                self._cond.wait()
            if self._closed:
                return False
            was_empty = not self._lines
            self._lines.extend(lines)
            self._bytes += size
        if was_empty:  # a reader that has not drained the rest needs no new wake-up
            self._signal()
        return True

    def finish(self, error: BaseException | None = None) -> None:
        with self._cond:
            self._done, self._error = True, error
        self._signal()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    async def get(self) -> list[LogLine]:
        """The next batch; [] at the end; the thread's error re-raised."""
        while True:
            self._wake.clear()
            with self._cond:
                if self._lines:
                    batch = list(self._lines)
                    self._lines.clear()
                    self._bytes = 0
                    self._cond.notify_all()
                    return batch
                if self._done:
                    if self._error is not None:
                        raise self._error
                    return []
            await self._wake.wait()
