"""One in-memory backend for every test that needs a fake place where groups run.

Not an SDK stub: it implements :class:`acitui.backends.base.BaseBackend` the way a
real backend does (so the read-only guard is the real one), with groups in a dict
and each container's log in memory. A test can switch it "down" (UnavailableError),
read the calls made, push watch notices, and write log lines: ``follow_logs``
yields the last ``tail`` lines of a log, then whatever the test sends with
:meth:`MemoryBackend.emit`, until :meth:`end` or :meth:`fail`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from acitui.backends.base import BaseBackend
from acitui.errors import AcituiError, NotFoundError, UnavailableError
from acitui.model import (
    Capabilities,
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


@dataclass
class World:
    """The state behind one or more backend objects: groups and their logs."""

    groups: dict[str, ContainerGroup] = field(default_factory=dict)
    logs: dict[tuple[str, str], _Log] = field(default_factory=dict)
    clock: datetime = datetime(2026, 11, 23, 4, 0, 0, tzinfo=UTC)


class MemoryBackend(BaseBackend):
    """Groups in memory; ``detailed_list=False`` mimics ACI's list without live state."""

    def __init__(
        self,
        groups: ContainerGroup | Iterable[ContainerGroup] = (),
        *,
        name: str = "memory",
        read_only: bool = False,
        watch: bool = False,
        detailed_list: bool = True,
        world: World | None = None,
    ) -> None:
        super().__init__(read_only=read_only)
        self.name = name
        self.capabilities = Capabilities(watch=watch)
        self.world = world if world is not None else World()
        for g in [groups] if isinstance(groups, ContainerGroup) else groups:
            self.world.groups[g.key] = g
        self.detailed_list = detailed_list
        self.down = False
        self.calls: list[str] = []
        #: (container, tail) of every follow_logs call, in order.
        self.follows: list[tuple[str, int | None]] = []
        self.notices: asyncio.Queue[GroupRef | None] = asyncio.Queue()
        self.closed = False

    # ----- what a test drives ---------------------------------------------------------------
    @property
    def groups(self) -> dict[str, ContainerGroup]:
        return self.world.groups

    @property
    def group(self) -> ContainerGroup:
        """The first group (log tests hold one)."""
        return next(iter(self.world.groups.values()))

    @property
    def logs(self) -> dict[str, _Log]:
        """The first group's logs by container name (log tests hold one group)."""
        return {c.name: self._test_log(c.name, None) for c in self.group.containers}

    def set_state(self, key: str, state: GroupState) -> None:
        self.groups[key] = replace(self.groups[key], state=state)

    @property
    def clock(self) -> datetime:
        """The time the next log line gets (each line ticks it on)."""
        return self.world.clock

    def tick(self, seconds: float = 0.001) -> datetime:
        self.world.clock += timedelta(seconds=seconds)
        return self.world.clock

    def line(self, container: str, text: str, kind: LineKind = LineKind.OUTPUT) -> LogLine:
        return LogLine(text, container=container, timestamp=self.tick(), kind=kind)

    def _test_log(self, container: str, group: GroupRef | None) -> _Log:
        key = (str(group or self.group.ref), container)
        return self.world.logs.setdefault(key, _Log())

    def seed(self, container: str, texts: list[str], *, group: GroupRef | None = None) -> None:
        """Put lines in the history (what a tail returns) without a live follower."""
        log = self._test_log(container, group)
        log.history.extend(self.line(container, t) for t in texts)

    def emit(
        self,
        container: str,
        texts: list[str],
        kind: LineKind = LineKind.OUTPUT,
        *,
        group: GroupRef | None = None,
    ) -> None:
        """Write lines now: stored and sent to every follower."""
        self.send(container, [self.line(container, t, kind) for t in texts], group=group)

    def send(self, container: str, lines: list[LogLine], *, group: GroupRef | None = None) -> None:
        log = self._test_log(container, group)
        log.history.extend(lines)
        for queue in log.subscribers:
            for line in lines:
                queue.put_nowait(line)

    def end(self, container: str, *, group: GroupRef | None = None) -> None:
        for queue in self._test_log(container, group).subscribers:
            queue.put_nowait(_END)

    def fail(self, container: str, error: AcituiError, *, group: GroupRef | None = None) -> None:
        for queue in self._test_log(container, group).subscribers:
            queue.put_nowait(error)

    def followers(self, container: str, *, group: GroupRef | None = None) -> int:
        return len(self._test_log(container, group).subscribers)

    # ----- the Backend protocol -------------------------------------------------------------
    def _check(self, call: str) -> None:
        self.calls.append(call)
        if self.down:
            raise UnavailableError(
                f"The {self.name} engine is not answering", hint="Start it, then press ctrl+r."
            )

    def _find(self, ref: GroupRef) -> ContainerGroup:
        try:
            return self.groups[str(ref)]
        except KeyError:
            raise NotFoundError(f"No container group {ref}") from None

    def _log(self, ref: GroupRef, container: str) -> _Log:
        group = self._find(ref)
        if group.container(container) is None:
            raise NotFoundError(f"No container {container} in {ref}")
        return self.world.logs.setdefault((str(group.ref), container), _Log())

    async def describe_target(self) -> str:
        self._check("describe_target")
        return f"{self.name} memory://test"

    async def list_resource_groups(self) -> list[ResourceGroup]:
        self._check("list_resource_groups")
        names = sorted({g.resource_group for g in self.groups.values()})
        return [ResourceGroup(n, "westeurope") for n in names]

    async def list_groups(self, resource_group: str | None = None) -> list[ContainerGroup]:
        self._check("list_groups")
        found = [
            g if self.detailed_list else replace(g, detailed=False, events=())
            for g in self.groups.values()
            if resource_group is None or g.resource_group == resource_group
        ]
        return sorted(found, key=lambda g: (g.resource_group, g.name))

    async def get_group(self, ref: GroupRef) -> ContainerGroup:
        self._check(f"get_group {ref}")
        return self._find(ref)

    async def get_logs(
        self, ref: GroupRef, container: str, *, tail: int | None = None, timestamps: bool = False
    ) -> list[LogLine]:
        self._check("get_logs")
        history = self._log(ref, container).history
        lines = list(history if tail is None else history[-tail:] if tail else [])
        return lines if timestamps else [replace(line, timestamp=None) for line in lines]

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

    async def watch(self) -> AsyncIterator[GroupRef | None]:
        self._check("watch")
        while True:
            yield await self.notices.get()

    def _set_containers(self, ref: GroupRef, state: GroupState, status: ContainerStatus) -> None:
        group = self._find(ref)
        now = ContainerState(status, start_time=self.tick())
        containers = tuple(replace(c, current_state=now) for c in group.containers)
        self.groups[str(group.ref)] = replace(group, state=state, containers=containers)

    async def _start(self, ref: GroupRef) -> None:
        self._check(f"start {ref}")
        self._set_containers(ref, GroupState.RUNNING, ContainerStatus.RUNNING)

    async def _stop(self, ref: GroupRef) -> None:
        self._check(f"stop {ref}")
        self._set_containers(ref, GroupState.STOPPED, ContainerStatus.TERMINATED)

    async def _restart(self, ref: GroupRef) -> None:
        self._check(f"restart {ref}")
        self._set_containers(ref, GroupState.RUNNING, ContainerStatus.RUNNING)

    async def _delete(self, ref: GroupRef) -> None:
        self._check(f"delete {ref}")
        del self.groups[str(self._find(ref).ref)]

    async def close(self) -> None:
        self.closed = True
