"""Follow one or several containers' logs into a :class:`LinePump`.

Each container's ``backend.follow_log_batches`` is consumed in its own Textual worker
(``exit_on_error=False``). A stream that ends or fails never raises at the
user: it leaves a marker line, and ``on_end`` is told why so the screen can
say "stream ended: … — press f to retry". Retrying keeps what was shown and
skips lines already seen (by timestamp, markers too), so a restart's lost output stays.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from acitui.backends.base import Backend
from acitui.errors import AcituiError
from acitui.model import GroupRef, LineKind, LogLine
from acitui.ui.logs.pump import LinePump

WORKER_GROUP = "log-streams"

RunWorker = Callable[..., Any]
OnEnd = Callable[[str, str, AcituiError | None], None]


class LogStreams:
    """The set of follows feeding one log view; restartable as a whole or per container."""

    def __init__(
        self,
        backend: Backend,
        ref: GroupRef,
        pump: LinePump,
        run_worker: RunWorker,
        on_end: OnEnd,
    ) -> None:
        self.backend = backend
        self.ref = ref
        self.pump = pump
        self._run_worker = run_worker
        self._on_end = on_end
        self.generation = 0
        self.containers: tuple[str, ...] = ()
        self.tail: int | None = 100
        #: When the current follow started: older lines are the tails (backlog).
        self.started_at = datetime.now(UTC)
        #: Container → why its stream ended (current generation only).
        self.ended: dict[str, str] = {}
        self._last_seen: dict[str, datetime] = {}
        self._workers: dict[str, Any] = {}

    @property
    def running(self) -> int:
        return len(self.containers) - len(self.ended)

    def start(self, containers: tuple[str, ...], tail: int | None) -> None:
        """Stop any follow, then follow ``containers`` from their last ``tail`` lines."""
        self.stop()
        self.containers = containers
        self.tail = tail
        self.started_at = datetime.now(UTC)
        self._last_seen.clear()
        for name in containers:
            self._spawn(name, tail, skip_until=None)

    def retry(self) -> list[str]:
        """Follow again every container whose stream ended; returns their names."""
        again = [name for name in self.containers if name in self.ended]
        for name in again:
            del self.ended[name]
            self.pump.push(LogLine("following again", container=name, kind=LineKind.INFO))
            self._spawn(name, self.tail, skip_until=self._last_seen.get(name))
        return again

    def stop(self) -> None:
        """Cancel every follow; their late lines are ignored (a new generation)."""
        self.generation += 1
        for worker in self._workers.values():
            worker.cancel()
        self._workers.clear()
        self.ended.clear()
        self.pump.clear()

    def _spawn(self, name: str, tail: int | None, skip_until: datetime | None) -> None:
        work = self._consume(self.generation, name, tail, skip_until)
        self._workers[name] = self._run_worker(
            work,
            group=WORKER_GROUP,
            exit_on_error=False,
            description=f"follow logs of {self.ref}/{name}",
        )

    async def _consume(
        self, generation: int, name: str, tail: int | None, skip_until: datetime | None
    ) -> None:
        push_many = self.pump.push_many
        error: AcituiError | None = None
        reason = "the log stream closed (the container may have stopped)"
        stream = self.backend.follow_log_batches(self.ref, name, tail=tail)
        try:
            async for batch in stream:
                if generation != self.generation:
                    return
                if skip_until is not None:
                    batch, skip_until = _unseen(batch, skip_until)
                if not all(line.container for line in batch):
                    batch = [x if x.container else replace(x, container=name) for x in batch]
                newest = next((x.timestamp for x in reversed(batch) if x.timestamp), None)
                if newest is not None:
                    self._last_seen[name] = _aware(newest)
                push_many(batch)
                await asyncio.sleep(0)  # a flood of ready batches must not starve the UI
        except AcituiError as exc:
            error = exc
            reason = exc.message
        except Exception as exc:  # a backend bug must end the stream, not the screen
            reason = f"unexpected {type(exc).__name__}: {exc}"
        finally:
            await _close(stream)
        if generation != self.generation:
            return
        self.ended[name] = reason
        self.pump.push(LogLine(f"stream ended: {reason}", container=name, kind=LineKind.GAP))
        self._on_end(name, reason, error)


def _unseen(batch: list[LogLine], skip_until: datetime) -> tuple[list[LogLine], datetime | None]:
    """A retried stream's batch without what was already shown (stamped up to ``skip_until``):
    output, and the markers a re-read backlog repeats (run starts, unplaced runs). The second
    item is None once a newer output line has passed."""
    kept: list[LogLine] = []
    until: datetime | None = skip_until
    for line in batch:
        ts = line.timestamp
        if until is not None and ts is not None:
            if _aware(ts) <= until:
                continue
            if line.kind is LineKind.OUTPUT:
                until = None
        kept.append(line)
    return kept, until


async def _close(stream: object) -> None:
    aclose = getattr(stream, "aclose", None)
    if aclose is None:
        return
    try:
        await aclose()
    except Exception:  # closing a broken stream: nothing more to report
        return


def _aware(ts: datetime) -> datetime:
    return ts if ts.tzinfo is not None else ts.replace(tzinfo=UTC)
