"""Following one container's log: a dedicated reader thread and a bounded buffer.

The thread reads the raw stream (see :mod:`docker_logs`) and feeds a
:class:`LineBuffer`; the async iterator drains it in batches. Closing the
iterator shuts the response's socket, so the thread ends in milliseconds.

When the stream ends the thread asks the engine why: a container that
restarted gets a ``RESTART`` marker (placed before the new run's first line)
and is followed on; a dropped connection (daemon restart) is resumed with
``since=<last timestamp>``, skipping the lines at that boundary that were
already emitted, and announced with an ``INFO`` "reconnected" line.
"""

from __future__ import annotations

import asyncio
import select
import socket
import threading
import time
from collections import Counter
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import Any, cast

from acitui.backends.docker.buffer import LineBuffer
from acitui.backends.docker.errors import is_connection_error, translate
from acitui.backends.docker.logs import (
    EntryParser,
    fetch_lines,
    logs_params,
    open_logs,
    read_chunks,
    shutdown,
)
from acitui.backends.docker.replay import ReplayFilter
from acitui.backends.docker.runs import BacklogRuns
from acitui.backends.docker.times import ns_to_datetime, parse_time_ns
from acitui.errors import AcituiError
from acitui.model import LineKind, LogLine

#: Lines held back at most while more bytes wait on the socket (see :class:`Coalescer`).
COALESCE_LINES = 5_000
#: How long the oldest held line may wait for its batch.
COALESCE_SECONDS = 0.05
#: Lines and each one's timestamp in ns, as the parser hands them over.
Batch = tuple[list[LogLine], list[int]]
#: The newest timestamp before a resume, and (stream, text) of lines emitted with it.
Boundary = tuple[int, Counter[tuple[str, str]]]


def _unseen(lines: list[LogLine], stamps: list[int], boundary: Boundary) -> Batch:
    """The batch without the lines a resumed stream repeats (the boundary's count drops)."""
    edge, seen = boundary
    kept, kept_ns = [], []
    for line, ns in zip(lines, stamps, strict=True):
        key = (line.stream, line.text)
        if ns == edge and seen[key] > 0:
            seen[key] -= 1  # already emitted before the connection dropped
            if not seen[key]:
                del seen[key]
            continue
        kept.append(line)
        kept_ns.append(ns)
    return kept, kept_ns


class Coalescer:
    """Parsed lines held back while more bytes are already waiting on the socket.

    Under a flood each read yields a few hundred lines; handing each handful to
    the event loop cost a wake-up and a GIL hand-over apiece (measured: 200k
    lines in ~1,000 batches took 5.1 s, most of it waiting for the GIL). Lines
    are passed on when the socket has nothing more right now, when
    :data:`COALESCE_LINES` are held, or when the oldest has waited
    :data:`COALESCE_SECONDS` — so a quiet stream's lines still go at once.
    """

    def __init__(self, response: Any) -> None:
        self._sock = _socket_of(response)
        self._lines: list[LogLine] = []
        self._stamps: list[int] = []
        self._since = 0.0

    def _more_waiting(self) -> bool:
        if self._sock is None:
            return False
        try:
            return bool(select.select([self._sock], [], [], 0)[0])
        except (OSError, ValueError):  # closed under us: stop holding lines back
            return False

    def add(self, batch: Batch, *, last: bool = False) -> Batch | None:
        """The lines to emit now (None: hold them; more is already on its way)."""
        lines, stamps = batch
        if lines:
            if not self._lines:
                self._since = time.monotonic()
            self._lines += lines
            self._stamps += stamps
        if not self._lines:
            return None
        held = len(self._lines) < COALESCE_LINES
        fresh = time.monotonic() - self._since < COALESCE_SECONDS
        if not last and held and fresh and self._more_waiting():
            return None
        out = (self._lines, self._stamps)
        self._lines, self._stamps = [], []
        return out


def _socket_of(response: Any) -> socket.socket | None:
    try:
        sock = response.raw._fp.fp.raw._sock
    except AttributeError:
        return None
    return sock if isinstance(sock, socket.socket) else None


class FollowThread(threading.Thread):
    """Reads one container's log stream until stopped, across restarts and drops."""

    def __init__(
        self,
        make_api: Callable[[], Any],
        host: str,
        container_id: str,
        name: str,
        tail: int | None,
        buffer: LineBuffer,
    ) -> None:
        super().__init__(name=f"acitui-logs-{name}", daemon=True)
        self._make_api, self._host = make_api, host
        self._id, self._container, self._tail = container_id, name, tail
        self.buffer = buffer
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._response: Any = None
        self._last_ns = 0  # the newest timestamp emitted
        self._recent: Batch = ([], [])  # the batch that reached it
        self._exit_code: int | None = None
        self._finished_ns: int | None = None
        self._dropped = False
        self._told_lost = False
        self._runs: BacklogRuns | None = None
        self._replays = ReplayFilter()  # lines the engine sends twice (replay.py)
        self._replayed = 0  # lines dropped as replays, not reported yet

    # -- emitting -------------------------------------------------------------
    def _marker(self, kind: LineKind, text: str, ns: int | None = None) -> LogLine:
        return LogLine(text, self._container, ns_to_datetime(ns), "", kind)

    def _boundary(self) -> Boundary:
        """(newest timestamp, lines already emitted with it): what a resume may repeat."""
        lines, stamps = self._recent
        edge = self._last_ns
        pairs = zip(lines, stamps, strict=True)
        return edge, Counter((x.stream, x.text) for x, ns in pairs if ns == edge)

    def _emit(self, batch: Batch, boundary: Boundary | None) -> bool:
        lines, stamps = batch
        if boundary is not None and boundary[1] and lines:
            lines, stamps = _unseen(lines, stamps, boundary)
        (lines, stamps), replayed = self._replays.filter((lines, stamps))
        self._replayed += replayed
        if lines and self._replayed:  # the engine is past its replay: say what happened
            text = (f"the engine sent {self._replayed:,} older lines again (skipped); "
                    "lines may be missing here (its log file rotated?)")  # fmt: skip
            self._replayed = 0
            if not self.buffer.put([self._marker(LineKind.GAP, text, stamps[0])]):
                return False
        if self._runs is not None:  # the first read's backlog: mark earlier runs (runs.py)
            lines, stamps = self._runs.feed(lines, stamps)
        if lines:
            newest = max(stamps)
            if newest >= self._last_ns:
                self._last_ns, self._recent = newest, (lines, stamps)
        return self.buffer.put(lines)

    # -- the thread -------------------------------------------------------------
    def run(self) -> None:
        api = None
        try:
            api = self._make_api()
            self._follow(api)
            self.buffer.finish()
        except AcituiError as exc:
            self.buffer.finish(exc)
        except Exception as exc:
            self.buffer.finish(None if self._stopping.is_set() else translate(exc, self._host))
        finally:
            if api is not None:
                api.close()

    def _follow(self, api: Any) -> None:
        info = api.inspect_container(self._id)
        self._runs = BacklogRuns(api, self._id, info, self._container)
        tty = bool((info.get("Config") or {}).get("Tty"))
        started = parse_time_ns((info.get("State") or {}).get("StartedAt"))
        parser = EntryParser(tty, self._container)
        since: int | None = None
        boundary: Boundary | None = None
        while not self._stopping.is_set():
            try:
                params = logs_params(follow=True, tail=self._tail if since is None else None,
                                     since_ns=since)  # fmt: skip
                response = open_logs(api, self._id, params, timeout=None)
                with self._lock:
                    self._response = response
                if self._stopping.is_set():
                    return
                if self._dropped and not self.buffer.put(
                    [self._marker(LineKind.INFO, "reconnected")]
                ):
                    return
                self._dropped = self._told_lost = False
                pending = Coalescer(response)
                for data in read_chunks(response):
                    batch = pending.add(parser.parse(data))
                    if batch is not None and not self._emit(batch, boundary):
                        return
                if not self._emit(pending.add(parser.end(), last=True) or ([], []), boundary):
                    return
            except Exception as exc:
                if self._stopping.is_set():
                    return
                if not is_connection_error(exc):
                    raise
                parser.reset()  # cut mid-stream: the engine restarted, or the container went
                self._dropped = True
            finally:
                with self._lock:
                    response, self._response = self._response, None
                if response is not None:
                    response.close()
            self._runs = None  # later runs are marked live, below
            new_start = self._wait_for_run(api, started)
            if new_start is None:
                return
            if new_start == started:  # the stream ended but the run did not: a dropped connection
                self._dropped = True
            elif started is None:  # its first run: nothing to mark
                started = new_start
            else:
                if not self._restarted(api, tty, started, new_start):
                    return
                started = new_start
            boundary = self._boundary()
            since = boundary[0] or None

    def _lost(self) -> bool:
        """Say the engine is unreachable (once per outage); False when the reader went away."""
        self._dropped = True
        if self._told_lost:
            return True
        self._told_lost = True
        note = "connection to the Docker engine lost; retrying"
        return self.buffer.put([self._marker(LineKind.INFO, note)])

    def _restarted(self, api: Any, tty: bool, old_start: int | None, new_start: int) -> bool:
        """The old run's unread tail, then the RESTART marker; False to stop.

        A new run's first lines can be stamped a little before its StartedAt,
        so the runs are told apart at the old run's ``die`` event (sent once
        its output is drained), else halfway between FinishedAt and StartedAt.
        """
        code, died = self._previous_run(api, old_start, new_start)
        if died is None:
            finished = self._finished_ns or new_start
            died = finished + max(new_start - finished, 0) // 2
        if self._last_ns:
            tail = fetch_lines(api, self._id, tty, self._container, since_ns=self._last_ns,
                               until_ns=died)  # fmt: skip
            if not self._emit(tail, self._boundary()):
                return False
        text = "container restarted"
        if code is not None:
            text += f" (the previous run exited with code {code})"
        self._last_ns, self._recent = max(self._last_ns, died + 1), ([], [])
        self._exit_code = None
        return self.buffer.put([self._marker(LineKind.RESTART, text, new_start)])

    def _previous_run(
        self, api: Any, old_start: int | None, new_start: int
    ) -> tuple[int | None, int | None]:
        """(exit code, die time) of the run before ``new_start``, from the daemon's events."""
        code, died = self._exit_code, None
        since = (old_start or self._last_ns or new_start - 3_600_000_000_000) / 1e9
        filters = {"container": [self._id], "event": ["die"]}
        try:
            for data in api.events(since=f"{since:.9f}", until=f"{new_start / 1e9:.9f}",
                                   filters=filters, decode=True):  # fmt: skip
                exit_code = ((data.get("Actor") or {}).get("Attributes") or {}).get("exitCode")
                if exit_code is not None and exit_code.lstrip("-").isdigit():
                    code = int(exit_code)
                died = int(data.get("timeNano") or 0) or None
        except Exception:  # the daemon restarted and forgot: fall back on inspect
            return code, None
        return code, died

    def _wait_for_run(self, api: Any, started: int | None) -> int | None:
        """Block until the container runs (returns its StartedAt ns); None to stop."""
        delay, told_exit = 0.1, False
        while not self._stopping.is_set():
            try:
                state = api.inspect_container(self._id).get("State") or {}
            except Exception as exc:
                if is_connection_error(exc):
                    if not self._lost():
                        return None
                    self._stopping.wait(delay)
                    delay = min(delay * 2, 2.0)
                    continue
                # removed (or refused): say so and end
                err = translate(exc, self._host, f"Container {self._container}")
                self.buffer.put([self._marker(LineKind.INFO, f"log ended: {err.message}")])
                return None
            now = parse_time_ns(state.get("StartedAt"))
            if state.get("Status") in ("exited", "dead", "restarting", "created"):
                self._exit_code = state.get("ExitCode")
            self._finished_ns = parse_time_ns(state.get("FinishedAt"))
            if state.get("Running") and not state.get("Restarting"):
                return now
            if now != started and now is not None and state.get("Status") == "exited":
                return now  # it ran and ended while we were away: read that run too
            if state.get("Status") == "exited" and not told_exit:
                told_exit = True
                note = (
                    f"container exited with code {state.get('ExitCode')}; waiting for it to start"
                )
                if not self.buffer.put([self._marker(LineKind.INFO, note)]):
                    return None
            self._stopping.wait(delay)
            delay = min(delay * 2, 1.0)
        return None

    def stop(self) -> None:
        """Make the thread end now: flag it, wake it, shut its socket."""
        self._stopping.set()
        self.buffer.close()
        with self._lock:
            response = self._response
        if response is not None:
            shutdown(response)


async def follow_batches(
    make_api: Callable[[], Any], host: str, container_id: str, name: str, tail: int | None
) -> AsyncIterator[list[LogLine]]:
    """Async iterator over a followed log, a batch (what the thread buffered) at a time;
    closing it stops the reader thread."""
    buffer = LineBuffer(asyncio.get_running_loop())
    reader = FollowThread(make_api, host, container_id, name, tail, buffer)
    reader.start()
    try:
        while batch := await buffer.get():
            yield batch
    finally:
        reader.stop()


async def follow(
    make_api: Callable[[], Any], host: str, container_id: str, name: str, tail: int | None
) -> AsyncIterator[LogLine]:
    """Async iterator over a followed log, line by line; closing it stops the reader thread."""
    batches = cast(
        AsyncGenerator[list[LogLine], None],
        follow_batches(make_api, host, container_id, name, tail),
    )
    try:
        async for batch in batches:
            for line in batch:
                yield line
    finally:
        await batches.aclose()
