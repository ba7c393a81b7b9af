"""An in-memory backend for log-view tests: our own protocol, lines pushed by the test.

Not an SDK stub: it implements :class:`acitui.backends.base.BaseBackend` the way a
real backend does, with each container's log held in memory. ``follow_logs``
yields the last ``tail`` lines of the history, then whatever the test pushes with
:meth:`MemoryBackend.emit`, until :meth:`end` or :meth:`fail` is called.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from acitui.backends.base import BaseBackend
from acitui.errors import AcituiError, NotFoundError
from acitui.model import (
    Container,
    ContainerGroup,
    ContainerState,
    ContainerStatus,
    GroupRef,
    GroupState,
    LineKind,
    LogLine,
    ResourceGroup,
)

_END = object()


@dataclass
class _Log:
    history: list[LogLine] = field(default_factory=list)
    subscribers: list[asyncio.Queue[object]] = field(default_factory=list)


def make_group(name: str = "web", containers: tuple[str, ...] = ("app",)) -> ContainerGroup:
    running = ContainerState(ContainerStatus.RUNNING)
    return ContainerGroup(
        name=name,
        resource_group="local",
        state=GroupState.RUNNING,
        containers=tuple(Container(c, "busybox", current_state=running) for c in containers),
    )


class MemoryBackend(BaseBackend):
    """One group whose containers' logs the test writes."""

    name = "memory"

    def __init__(self, group: ContainerGroup) -> None:
        super().__init__()
        self.group = group
        self.logs = {c.name: _Log() for c in group.containers}
        #: (container, tail) of every follow_logs call, in order.
        self.follows: list[tuple[str, int | None]] = []
        self.clock = datetime(2026, 11, 23, 4, 0, 0, tzinfo=UTC)

    def tick(self, seconds: float = 0.001) -> datetime:
        self.clock += timedelta(seconds=seconds)
        return self.clock

    def line(self, container: str, text: str, kind: LineKind = LineKind.OUTPUT) -> LogLine:
        return LogLine(text, container=container, timestamp=self.tick(), kind=kind)

    def seed(self, container: str, texts: list[str]) -> None:
        """Put lines in the history (what a tail returns) without a live follower."""
        self.logs[container].history.extend(self.line(container, t) for t in texts)

    def emit(self, container: str, texts: list[str], kind: LineKind = LineKind.OUTPUT) -> None:
        """Write lines now: stored and sent to every follower."""
        self.send(container, [self.line(container, t, kind) for t in texts])

    def send(self, container: str, lines: list[LogLine]) -> None:
        log = self.logs[container]
        log.history.extend(lines)
        for queue in log.subscribers:
            for line in lines:
                queue.put_nowait(line)

    def end(self, container: str) -> None:
        for queue in self.logs[container].subscribers:
            queue.put_nowait(_END)

    def fail(self, container: str, error: AcituiError) -> None:
        for queue in self.logs[container].subscribers:
            queue.put_nowait(error)

    def followers(self, container: str) -> int:
        return len(self.logs[container].subscribers)

    async def describe_target(self) -> str:
        return "memory"

    async def list_resource_groups(self) -> list[ResourceGroup]:
        return [ResourceGroup(self.group.resource_group)]

    async def list_groups(self, resource_group: str | None = None) -> list[ContainerGroup]:
        return [self.group]

    async def get_group(self, ref: GroupRef) -> ContainerGroup:
        if ref != self.group.ref:
            raise NotFoundError(f"No group {ref}")
        return self.group

    def _log(self, ref: GroupRef, container: str) -> _Log:
        if ref != self.group.ref or container not in self.logs:
            raise NotFoundError(f"No container {container} in {ref}")
        return self.logs[container]

    async def get_logs(
        self, ref: GroupRef, container: str, *, tail: int | None = None, timestamps: bool = False
    ) -> list[LogLine]:
        history = self._log(ref, container).history
        return list(history if tail is None else history[-tail:] if tail else [])

    async def follow_logs(
        self, ref: GroupRef, container: str, *, tail: int | None = 100
    ) -> AsyncIterator[LogLine]:
        log = self._log(ref, container)
        self.follows.append((container, tail))
        queue: asyncio.Queue[object] = asyncio.Queue()
        backlog = list(log.history if tail is None else log.history[-tail:] if tail else [])
        log.subscribers.append(queue)
        try:
            for line in backlog:
                yield line
            while True:
                item = await queue.get()
                if item is _END:
                    return
                if isinstance(item, BaseException):
                    raise item
                assert isinstance(item, LogLine)
                yield item
        finally:
            log.subscribers.remove(queue)

    async def _start(self, ref: GroupRef) -> None:
        return None

    async def _stop(self, ref: GroupRef) -> None:
        return None

    async def _restart(self, ref: GroupRef) -> None:
        return None

    async def _delete(self, ref: GroupRef) -> None:
        return None
