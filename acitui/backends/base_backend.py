"""BaseBackend: the shared plumbing of every backend, incl. the read-only guard.

Standard library only (a core module). Re-exported from :mod:`acitui.backends.base`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, AsyncIterator, Mapping, Sequence
from typing import TYPE_CHECKING

from acitui.backends.exec_session import ExecSession
from acitui.backends.notice import Notice, Notifier
from acitui.errors import BackendError, ReadOnlyError
from acitui.model import (
    Capabilities,
    ContainerGroup,
    Event,
    GroupRef,
    LogLine,
    MetricSample,
    ResourceGroup,
    Subscription,
    sort_events,
)

if TYPE_CHECKING:  # the desired-state model: types only, core stays standard library
    from acitui.spec.model import GroupSpec
    from acitui.spec.yaml_file import Document


class BaseBackend(ABC):
    """Shared plumbing: the read-only guard lives here, below every face.

    Subclasses implement the ``_start``/``_stop``/``_restart``/``_delete``
    hooks; the public methods refuse them in read-only mode before any call
    reaches the provider.
    """

    name: str = "base"
    capabilities: Capabilities = Capabilities()

    def __init__(self, *, read_only: bool = False) -> None:
        self.read_only = read_only
        self.notify: Notifier = _ignore

    def _refuse_if_read_only(self, action: str, ref: GroupRef) -> None:
        if self.read_only:
            raise ReadOnlyError(
                f"Refused to {action} {ref}: read-only mode is on",
                hint="Start acitui without --read-only to change groups.",
            )

    async def start_group(self, ref: GroupRef) -> None:
        self._refuse_if_read_only("start", ref)
        await self._start(ref)

    async def stop_group(self, ref: GroupRef) -> None:
        self._refuse_if_read_only("stop", ref)
        await self._stop(ref)

    async def restart_group(self, ref: GroupRef) -> None:
        self._refuse_if_read_only("restart", ref)
        await self._restart(ref)

    async def delete_group(self, ref: GroupRef) -> None:
        self._refuse_if_read_only("delete", ref)
        await self._delete(ref)

    async def open_exec(
        self,
        ref: GroupRef,
        container: str,
        command: Sequence[str] | None = None,
        *,
        tty: bool = True,
        size: tuple[int, int] = (24, 80),
    ) -> ExecSession:
        self._refuse_if_read_only("run a command in", ref)
        return await self._open_exec(ref, container, command, tty=tty, size=size)

    async def _open_exec(
        self,
        ref: GroupRef,
        container: str,
        command: Sequence[str] | None,
        *,
        tty: bool,
        size: tuple[int, int],
    ) -> ExecSession:
        raise BackendError(f"The {self.name} backend cannot run commands in containers")

    async def create_group(
        self, ref: GroupRef, spec: GroupSpec, *, progress: Notifier | None = None
    ) -> ContainerGroup:
        self._refuse_if_read_only("create", ref)
        return await self._create(ref, spec, progress or _ignore)

    async def deploy_template(
        self,
        resource_group: str,
        document: Document,
        params: Mapping[str, str] | None = None,
        *,
        progress: Notifier | None = None,
    ) -> list[ContainerGroup]:
        if self.read_only:
            raise ReadOnlyError(
                f"Refused to deploy into {resource_group}: read-only mode is on",
                hint="Start acitui without --read-only to change groups.",
            )
        return await self._deploy(resource_group, document, dict(params or {}), progress or _ignore)

    async def _create(self, ref: GroupRef, spec: GroupSpec, progress: Notifier) -> ContainerGroup:
        raise BackendError(f"The {self.name} backend cannot create groups")

    async def _deploy(
        self, resource_group: str, document: Document, params: dict[str, str], progress: Notifier
    ) -> list[ContainerGroup]:
        raise BackendError(f"The {self.name} backend cannot deploy templates")

    async def list_subscriptions(self) -> list[Subscription]:
        return []

    async def iter_groups(
        self, resource_group: str | None = None
    ) -> AsyncIterator[list[ContainerGroup]]:
        """Backends without paging yield everything as one page."""
        yield await self.list_groups(resource_group)

    async def follow_log_batches(
        self, ref: GroupRef, container: str, *, tail: int | None = 100
    ) -> AsyncIterator[list[LogLine]]:
        """Backends that read line by line hand each line on as its own batch."""
        lines = self.follow_logs(ref, container, tail=tail)
        try:
            async for line in lines:
                yield [line]
        finally:
            aclose = getattr(lines, "aclose", None)
            if aclose is not None:
                await aclose()

    async def list_events(self, ref: GroupRef) -> list[Event]:
        group = await self.get_group(ref)
        return sort_events(group.events)

    async def watch(self) -> AsyncIterator[GroupRef | None]:  # pragma: no cover - optional
        """Backends without push notices yield nothing; faces poll instead."""
        return
        yield

    async def metrics(self, ref: GroupRef) -> AsyncGenerator[list[MetricSample], None]:
        """Backends without metrics yield nothing (``capabilities.metrics`` is False)."""
        return
        yield

    async def metrics_history(self, ref: GroupRef, minutes: int = 60) -> list[MetricSample]:
        return []

    async def metrics_snapshot(self, ref: GroupRef) -> list[MetricSample]:
        """The first reading of ``metrics`` ([] when there is none)."""
        readings = self.metrics(ref)
        try:
            return await anext(readings, [])
        finally:
            await readings.aclose()

    async def close(self) -> None:
        return None

    @abstractmethod
    async def describe_target(self) -> str: ...

    @abstractmethod
    async def list_resource_groups(self) -> list[ResourceGroup]: ...

    @abstractmethod
    async def list_groups(self, resource_group: str | None = None) -> list[ContainerGroup]: ...

    @abstractmethod
    async def get_group(self, ref: GroupRef) -> ContainerGroup: ...

    @abstractmethod
    async def get_logs(
        self, ref: GroupRef, container: str, *, tail: int | None = None, timestamps: bool = False
    ) -> list[LogLine]: ...

    @abstractmethod
    def follow_logs(
        self, ref: GroupRef, container: str, *, tail: int | None = 100
    ) -> AsyncIterator[LogLine]: ...

    @abstractmethod
    async def _start(self, ref: GroupRef) -> None: ...

    @abstractmethod
    async def _stop(self, ref: GroupRef) -> None: ...

    @abstractmethod
    async def _restart(self, ref: GroupRef) -> None: ...

    @abstractmethod
    async def _delete(self, ref: GroupRef) -> None: ...


def _ignore(notice: Notice) -> None:
    """Default notifier: faces replace it."""
