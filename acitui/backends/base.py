"""The Backend protocol: the one async interface every face uses.

Standard library only. A backend is one module with a class implementing
:class:`Backend` (usually by subclassing :class:`BaseBackend`), one entry in
:data:`acitui.backends.REGISTRY`, and the shared contract suite passing.

Every method raises only :mod:`acitui.errors` types:
``NotFoundError`` (unknown group/container), ``UnavailableError`` (engine or
API unreachable, 5xx, timeout), ``AuthError``, ``ThrottledError``,
``ReadOnlyError`` (mutations in read-only mode), ``ConflictError``,
``BackendError`` (anything else).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, runtime_checkable

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


class NoticeKind(StrEnum):
    """What a backend's notice is for: the face shows each kind its own way."""

    PROGRESS = "progress"  # "restarting… 3/4": a passing toast
    SIGN_IN = "sign-in"  # a device-code prompt: the person must act (url + code)
    WARNING = "warning"  # something the person should know, not an error


@dataclass(frozen=True, slots=True)
class Notice:
    """A backend's word to the person at the face, beside results and errors.

    Raw text from the backend: faces sanitise it where they show it. Never a secret.
    """

    kind: NoticeKind
    title: str
    message: str
    url: str = ""  # SIGN_IN: where to sign in
    code: str = ""  # SIGN_IN: the code to enter there

    @classmethod
    def progress(cls, title: str, message: str) -> Notice:
        return cls(NoticeKind.PROGRESS, title, message)

    @classmethod
    def warning(cls, title: str, message: str) -> Notice:
        return cls(NoticeKind.WARNING, title, message)

    @classmethod
    def sign_in(cls, title: str, url: str, code: str) -> Notice:
        return cls(NoticeKind.SIGN_IN, title, f"Open {url} and enter code {code}", url, code)


#: The face's hook for notices; backends may call it from any thread.
Notifier = Callable[[Notice], None]

#: Output stream numbers of :meth:`ExecSession.read`.
STDOUT, STDERR = 1, 2


@runtime_checkable
class ExecSession(Protocol):
    """A process running inside a container (``Backend.open_exec``): its input and output."""

    #: True when the process has a pseudo-terminal (raw input, one output stream).
    tty: bool
    #: False where the terminal size is fixed at start (ACI).
    resizable: bool

    async def read(self) -> tuple[int, bytes]:
        """The next output chunk as (STDOUT or STDERR, bytes); ``(STDOUT, b"")`` at the end."""
        ...

    async def write(self, data: bytes) -> None:
        """Send input to the process."""
        ...

    async def close_input(self) -> None:
        """End of input (the process reads EOF); a no-op where the provider cannot say it."""
        ...

    async def resize(self, rows: int, cols: int) -> None:
        """Follow the terminal's new size (a no-op where not ``resizable``)."""
        ...

    async def exit_code(self) -> int | None:
        """The process's exit code once output ended; None where the provider never says."""
        ...

    async def close(self) -> None:
        """End the session and release its connection and thread. Safe to call twice."""
        ...


@runtime_checkable
class Backend(Protocol):
    """What acitui needs from a place where container groups run."""

    #: Short name: "docker", "azure".
    name: str
    capabilities: Capabilities
    #: When True every mutation raises ReadOnlyError in the backend itself.
    read_only: bool
    #: Set by the face: ``notify(Notice)`` for progress, prompts (device-code
    #: sign-in) and warnings. Never called with a secret.
    notify: Notifier

    async def describe_target(self) -> str:
        """One line naming the target, e.g. ``docker unix:///var/run/docker.sock``."""
        ...

    async def list_subscriptions(self) -> list[Subscription]:
        """Subscriptions the credentials see (empty where there are none)."""
        ...

    async def list_resource_groups(self) -> list[ResourceGroup]:
        """All resource groups, sorted by name."""
        ...

    async def list_groups(self, resource_group: str | None = None) -> list[ContainerGroup]:
        """Container groups, all or in one resource group, sorted by (rg, name).

        Groups may come back with ``detailed=False`` (no live state/events).
        Raises NotFoundError when ``resource_group`` does not exist.
        """
        ...

    def iter_groups(self, resource_group: str | None = None) -> AsyncIterator[list[ContainerGroup]]:
        """The same groups as ``list_groups``, page by page as they arrive.

        Faces show the first rows while later pages are still on the wire.
        Pages are not sorted against each other.
        """
        ...

    async def get_group(self, ref: GroupRef) -> ContainerGroup:
        """One group in full: live container states and events. NotFoundError."""
        ...

    async def list_events(self, ref: GroupRef) -> list[Event]:
        """Events of the group and its containers, newest first. NotFoundError."""
        ...

    async def get_logs(
        self,
        ref: GroupRef,
        container: str,
        *,
        tail: int | None = None,
        timestamps: bool = False,
    ) -> list[LogLine]:
        """A snapshot of a container's log (the last ``tail`` lines). NotFoundError."""
        ...

    def follow_logs(
        self, ref: GroupRef, container: str, *, tail: int | None = 100
    ) -> AsyncIterator[LogLine]:
        """Follow a container's log: the last ``tail`` lines, then new ones.

        Cancelling the consuming task (or ``aclose()``) stops it at once. A
        dropped connection is resumed without duplicates; what cannot be
        recovered is reported as a ``LineKind.GAP`` line, a container restart
        as a ``LineKind.RESTART`` line. Errors surface from the iterator.
        """
        ...

    def follow_log_batches(
        self, ref: GroupRef, container: str, *, tail: int | None = 100
    ) -> AsyncIterator[list[LogLine]]:
        """``follow_logs`` in batches (non-empty lists, arrival order): a flood costs a
        hand-over per batch, not per line. Same errors and markers."""
        ...

    def watch(self) -> AsyncIterator[GroupRef | None]:
        """Change notices (``capabilities.watch``): a group ref, or None for "reload all"."""
        ...

    def metrics(self, ref: GroupRef) -> AsyncIterator[list[MetricSample]]:
        """Readings of the group's running containers (``capabilities.metrics``), until closed.

        One list per reading (Docker: about every second; Azure: each minute).
        Closing the iterator stops the readers. NotFoundError.
        """
        ...

    async def metrics_history(self, ref: GroupRef, minutes: int = 60) -> list[MetricSample]:
        """What the backend remembers of the last ``minutes``, oldest first ([] if nothing)."""
        ...

    async def metrics_snapshot(self, ref: GroupRef) -> list[MetricSample]:
        """One current reading of each running container (``acitui top``). NotFoundError."""
        ...

    async def start_group(self, ref: GroupRef) -> None:
        """Start every container of a stopped group."""
        ...

    async def stop_group(self, ref: GroupRef) -> None:
        """Stop every container of the group."""
        ...

    async def restart_group(self, ref: GroupRef) -> None:
        """Restart the group (namespace owner first)."""
        ...

    async def delete_group(self, ref: GroupRef) -> None:
        """Delete the group and its containers."""
        ...

    async def create_group(
        self, ref: GroupRef, spec: GroupSpec, *, progress: Notifier | None = None
    ) -> ContainerGroup:
        """Create (or replace) group ``ref`` as ``spec`` asks (``capabilities.create``).

        ``progress`` hears progress and one warning per field the backend skips.
        A failure midway leaves nothing behind. ReadOnlyError, InvalidInputError,
        ConflictError, BackendError.
        """
        ...

    async def deploy_template(
        self,
        resource_group: str,
        document: Document,
        params: Mapping[str, str] | None = None,
        *,
        progress: Notifier | None = None,
    ) -> list[ContainerGroup]:
        """Deploy an ARM template's container groups (``capabilities.apply``)."""
        ...

    async def open_exec(
        self,
        ref: GroupRef,
        container: str,
        command: Sequence[str] | None = None,
        *,
        tty: bool = True,
        size: tuple[int, int] = (24, 80),
    ) -> ExecSession:
        """Run ``command`` (None: a shell) in a container (``capabilities.exec``).

        ``size`` is (rows, cols). Refused in read-only mode (exec changes the container).
        """
        ...

    async def close(self) -> None:
        """Release connections and threads. Safe to call twice."""
        ...


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
