"""The Backend protocol: the one async interface every face uses.

Standard library only. ``Notice`` lives in :mod:`~acitui.backends.notice`, ``ExecSession``
in :mod:`~acitui.backends.exec_session`, ``BaseBackend`` (the read-only guard) in
:mod:`~acitui.backends.base_backend`; all are re-exported here. A backend is one
module with a class implementing :class:`Backend` (usually by subclassing
:class:`BaseBackend`), one entry in :data:`acitui.backends.REGISTRY`, and the shared
contract suite passing.

Every method raises only :mod:`acitui.errors` types:
``NotFoundError`` (unknown group/container), ``UnavailableError`` (engine or
API unreachable, 5xx, timeout), ``AuthError``, ``ThrottledError``,
``ReadOnlyError`` (mutations in read-only mode), ``ConflictError``,
``BackendError`` (anything else).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

# Re-exported: faces and backends import these from here.
from acitui.backends.base_backend import BaseBackend as BaseBackend
from acitui.backends.exec_session import STDERR as STDERR
from acitui.backends.exec_session import STDOUT as STDOUT
from acitui.backends.exec_session import ExecSession as ExecSession
from acitui.backends.notice import Notice as Notice
from acitui.backends.notice import NoticeKind as NoticeKind
from acitui.backends.notice import Notifier as Notifier
from acitui.model import (
    Capabilities,
    ContainerGroup,
    Event,
    GroupRef,
    LogLine,
    MetricSample,
    ResourceGroup,
    Subscription,
)

if TYPE_CHECKING:  # the desired-state model: types only, core stays standard library
    from acitui.spec.model import GroupSpec
    from acitui.spec.yaml_file import Document


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
