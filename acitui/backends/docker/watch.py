"""Change notices from Docker's event stream: one reader thread, many listeners.

:class:`EventWatcher` reads the live stream in its own thread (reconnecting
when it drops) and records each event in the shared history;
:class:`WatchHub` fans the notices out to every ``watch()`` iterator as the
group that changed, or None for "reload all" (a new container, a reconnect).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

from acitui.backends.docker.events import EventHistory, RawEvent
from acitui.model import GroupRef


class EventWatcher(threading.Thread):
    """Reads the daemon's event stream in its own thread; reconnects when it drops.

    ``open_stream(since_ns)`` returns docker-py's cancellable event stream;
    ``on_event(raw)`` gets each new event, ``on_event(None)`` after a reconnect
    (anything may have changed).
    """

    def __init__(
        self,
        history: EventHistory,
        open_stream: Callable[[int | None], Any],
        on_event: Callable[[RawEvent | None], None],
    ) -> None:
        super().__init__(name="acitui-docker-events", daemon=True)
        self._history = history
        self._open = open_stream
        self._on_event = on_event
        self._stopping = threading.Event()
        self._stream: Any = None
        self._lock = threading.Lock()

    def run(self) -> None:
        delay, first = 0.2, True
        while not self._stopping.is_set():
            try:
                since = self._history.last_ns or None
                stream = self._open(None if first else since)
                with self._lock:
                    if self._stopping.is_set():
                        stream.close()
                        return
                    self._stream = stream
                if not first:
                    self._on_event(None)
                first, delay = False, 0.2
                for data in stream:
                    raw = RawEvent.from_docker(data)
                    if raw is not None and self._history.add(raw):
                        self._on_event(raw)
            except Exception:  # the engine went away: retry until stopped
                pass
            self._stopping.wait(delay)
            delay = min(delay * 2, 5.0)

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.close()
            except Exception:  # already closed
                pass


class WatchHub:
    """Starts the watcher with the first listener, stops it with the last."""

    def __init__(
        self,
        history: EventHistory,
        open_stream: Callable[[int | None], Any],
        ref_of: Callable[[RawEvent], GroupRef | None],
    ) -> None:
        self._history, self._open, self._ref_of = history, open_stream, ref_of
        self._listeners: set[Callable[[GroupRef | None], None]] = set()
        self._watcher: EventWatcher | None = None
        self._retired: list[EventWatcher] = []  # stopped, joined on close()

    def _on_event(self, raw: RawEvent | None) -> None:
        ref = None if raw is None else self._ref_of(raw)
        for push in list(self._listeners):
            push(ref)

    async def listen(self) -> AsyncIterator[GroupRef | None]:
        """Notices until the consumer stops iterating."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[GroupRef | None] = asyncio.Queue(maxsize=256)

        def offer(ref: GroupRef | None) -> None:
            try:
                queue.put_nowait(ref)
            except asyncio.QueueFull:  # far behind: one "reload all" says it all
                while not queue.empty():
                    queue.get_nowait()
                queue.put_nowait(None)

        def push(ref: GroupRef | None) -> None:
            try:
                loop.call_soon_threadsafe(offer, ref)
            except RuntimeError:  # that loop is closed
                self._listeners.discard(push)

        self._listeners.add(push)
        if self._watcher is None or not self._watcher.is_alive():
            self._watcher = EventWatcher(self._history, self._open, self._on_event)
            self._watcher.start()
        try:
            while True:
                yield await queue.get()
        finally:
            self._listeners.discard(push)
            if not self._listeners and self._watcher is not None:
                self._watcher.stop()
                self._retired.append(self._watcher)
                self._watcher = None

    async def close(self) -> None:
        """Stop the reader thread and wait for it (briefly)."""
        watchers = [*self._retired, *([self._watcher] if self._watcher else [])]
        self._watcher, self._retired = None, []
        for watcher in watchers:
            watcher.stop()
            await asyncio.to_thread(watcher.join, 2.0)
