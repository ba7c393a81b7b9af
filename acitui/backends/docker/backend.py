"""The local Docker backend: container groups on a Docker engine.

Grouping lives in :mod:`docker_grouping`, the mapping to neutral models in
:mod:`docker_mapping`, events in :mod:`docker_events`, change notices in
:mod:`docker_watch`, logs in :mod:`docker_logs` and :mod:`docker_follow`, the
list/read path in :mod:`reading`, start/stop/restart/delete and exec in :mod:`lifecycle`,
docker-py clients in :mod:`connection`.
docker-py is blocking: short calls run via ``asyncio.to_thread``, long-lived
streams (followed logs, the event stream) in their own threads.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from acitui.backends.base import BaseBackend, ExecSession, Notifier
from acitui.backends.docker import connection, lifecycle, reading
from acitui.backends.docker.errors import engine_errors
from acitui.backends.docker.events import (
    FILTERS,
    EventHistory,
    RawEvent,
)
from acitui.backends.docker.follow import follow, follow_batches
from acitui.backends.docker.grouping import (
    DEFAULT_RG,
    GroupPlan,
    Member,
    plan_groups,
)
from acitui.backends.docker.logs import fetch_entries
from acitui.backends.docker.runs import mark_backlog
from acitui.backends.docker.stats import Watched
from acitui.backends.docker.stats import snapshot as stats_snapshot
from acitui.backends.docker.stats import stream as stats_stream
from acitui.backends.docker.transport import DEFAULT_MAX_BODY, DEFAULT_TIMEOUT
from acitui.backends.docker.watch import WatchHub
from acitui.errors import InvalidInputError, NotFoundError
from acitui.model import (
    Capabilities,
    ContainerGroup,
    GroupRef,
    LogLine,
    MetricSample,
    ResourceGroup,
)
from acitui.sanitize import sanitize

if TYPE_CHECKING:
    from acitui.config import Settings  # type only: config builds on the backend registry
    from acitui.spec.model import GroupSpec
    from acitui.spec.yaml_file import Document

DEFAULT_HOST = "unix:///var/run/docker.sock"
T = TypeVar("T")


class DockerBackend(BaseBackend):
    """Container groups on one Docker engine (``host``: a DOCKER_HOST-style URL)."""

    name = "docker"
    capabilities = Capabilities(create=True, apply=True, watch=True, metrics=True)

    def __init__(
        self,
        host: str | None = None,
        *,
        read_only: bool = False,
        stop_timeout: int = 10,
        request_timeout: float = DEFAULT_TIMEOUT,
        max_body_bytes: int = DEFAULT_MAX_BODY,
    ) -> None:
        super().__init__(read_only=read_only)
        self.host = host or os.environ.get("DOCKER_HOST") or DEFAULT_HOST
        self.stop_timeout = stop_timeout
        self.request_timeout = request_timeout
        self.max_body_bytes = max_body_bytes
        self._api: Any = None
        self._lock = threading.Lock()
        self._history = EventHistory()
        self._known: dict[str, GroupRef] = {}  # container id → its group
        self._hub = WatchHub(self._history, self._open_events, self._ref_of)

    @classmethod
    def from_settings(cls, settings: Settings) -> DockerBackend:
        """Build from settings without touching the engine (connects on first use)."""
        return cls(
            settings.docker.host or None,
            read_only=settings.read_only,
            request_timeout=settings.docker.request_timeout,
        )

    # -- connection (connection.py) ------------------------------------------------
    def _client(self, version: str | None) -> Any:
        """A docker-py client whose non-streamed answers are size-capped (no request yet)."""
        return connection.new_client(self.host, self.request_timeout, self.max_body_bytes, version)

    def _connect(self) -> Any:
        with self._lock:
            if self._api is None:
                version = connection.engine_version(
                    self.host, self.request_timeout, self.max_body_bytes
                )
                self._api = self._client(version)
            return self._api

    def _new_api(self) -> Any:
        """A client of its own for a long-lived stream (its socket can be shut alone)."""
        return self._client(self._connect().api_version)

    def _sync(self, fn: Callable[..., T], *args: Any, what: str = "") -> T:
        with engine_errors(self.host, what, timeout=self.request_timeout):
            return fn(self._connect(), *args)

    async def _call(self, fn: Callable[..., T], *args: Any, what: str = "") -> T:
        return await asyncio.to_thread(self._sync, fn, *args, what=what)

    # -- reading -------------------------------------------------------------------
    async def describe_target(self) -> str:
        return f"docker {sanitize(self.host)}"

    def _plans(self, api: Any) -> list[GroupPlan]:
        plans = plan_groups([Member.from_summary(s) for s in api.containers(all=True)])
        for plan in plans:
            for m in plan.members:
                self._known[m.id] = plan.ref
        return plans

    def _plan(self, api: Any, ref: GroupRef) -> GroupPlan:
        for plan in self._plans(api):
            if plan.ref == ref:
                return plan
        raise NotFoundError(
            f"No container group {sanitize(str(ref))} on this engine",
            hint="List the groups with `acitui groups`",
        )

    def _over_socket(self, fn: Callable[..., T], *args: Any) -> T | None:
        """``fn(api, *args)`` on a unix socket without docker-py; None: use docker-py."""
        return reading.over_socket(self, fn, *args)

    async def _list_call(self, fn: Callable[..., T], *args: Any) -> T:
        """A listing: over the socket when it can (no docker-py import), else docker-py."""
        found = await asyncio.to_thread(self._over_socket, fn, *args)
        return found if found is not None else await self._call(fn, *args)

    async def list_resource_groups(self) -> list[ResourceGroup]:
        plans = await self._list_call(self._plans)
        names = {DEFAULT_RG} | {p.ref.resource_group for p in plans}
        return [ResourceGroup(n, location="local") for n in sorted(names)]

    def _list_sync(self, api: Any, resource_group: str | None) -> list[ContainerGroup]:
        return reading.list_groups(self, api, resource_group)

    async def list_groups(self, resource_group: str | None = None) -> list[ContainerGroup]:
        return await self._list_call(self._list_sync, resource_group)

    def _get_sync(self, api: Any, ref: GroupRef) -> ContainerGroup:
        return reading.get_group(self, api, ref)

    async def get_group(self, ref: GroupRef) -> ContainerGroup:
        return await self._call(self._get_sync, ref, what=f"Group {ref}")

    def _container(self, api: Any, ref: GroupRef, container: str) -> tuple[str, str, bool]:
        """(id, name, tty) of a group's container, or NotFoundError naming the others."""
        cid, name, info = self._member(api, ref, container)
        return cid, name, bool((info.get("Config") or {}).get("Tty"))

    def _member(self, api: Any, ref: GroupRef, container: str) -> tuple[str, str, dict[str, Any]]:
        """(id, name, inspect) of a group's container, or NotFoundError naming the others."""
        plan = self._plan(api, ref)
        member = plan.find(container)
        if member is None:
            names = ", ".join(sanitize(plan.container_name(m)) for m in plan.members)
            raise NotFoundError(
                f"No container {sanitize(container)!r} in {sanitize(str(ref))}",
                hint=f"Its containers: {names}",
            )
        return member.id, plan.container_name(member), api.inspect_container(member.id)

    @staticmethod
    def _check_tail(tail: int | None) -> None:
        if tail is not None and (isinstance(tail, bool) or not isinstance(tail, int) or tail < 0):
            raise InvalidInputError(f"tail must be a whole number ≥ 0, not {tail!r}")

    async def get_logs(
        self, ref: GroupRef, container: str, *, tail: int | None = None, timestamps: bool = False
    ) -> list[LogLine]:
        self._check_tail(tail)

        def snapshot(api: Any) -> list[LogLine]:
            cid, name, info = self._member(api, ref, container)
            tty = bool((info.get("Config") or {}).get("Tty"))
            entries = fetch_entries(api, cid, tty, tail=tail)
            return mark_backlog(api, cid, info, name, entries, timestamps=timestamps)  # runs.py

        return await self._call(snapshot, what=f"Container {container}")

    async def follow_logs(
        self, ref: GroupRef, container: str, *, tail: int | None = 100
    ) -> AsyncIterator[LogLine]:
        self._check_tail(tail)
        cid, name, _ = await self._call(self._container, ref, container)
        # follow() is an async generator: aclose() stops its reader thread at once.
        lines = cast(
            AsyncGenerator[LogLine, None], follow(self._new_api, self.host, cid, name, tail)
        )
        try:
            async for line in lines:
                yield line
        finally:
            await lines.aclose()

    async def follow_log_batches(
        self, ref: GroupRef, container: str, *, tail: int | None = 100
    ) -> AsyncIterator[list[LogLine]]:
        """What the reader thread buffered, a batch at a time (no per-line hand-over)."""
        self._check_tail(tail)
        cid, name, _ = await self._call(self._container, ref, container)
        batches = cast(
            AsyncGenerator[list[LogLine], None],
            follow_batches(self._new_api, self.host, cid, name, tail),
        )
        try:
            async for batch in batches:
                yield batch
        finally:
            await batches.aclose()

    # -- metrics (stats.py) ----------------------------------------------------------
    def _running(self, api: Any, ref: GroupRef) -> list[Watched]:
        return reading.running(self, api, ref)

    async def metrics(self, ref: GroupRef) -> AsyncGenerator[list[MetricSample], None]:
        """The engine's stats stream of each running container, one reader thread each."""
        watched = await self._call(self._running, ref, what=f"Group {ref}")
        readings = stats_stream(self._new_api, self.host, watched)
        try:
            async for batch in readings:
                yield batch
        finally:
            await readings.aclose()

    async def metrics_snapshot(self, ref: GroupRef) -> list[MetricSample]:
        """One reading of each running container (``acitui top``): about a second."""
        watched = await self._call(self._running, ref, what=f"Group {ref}")
        return await stats_snapshot(self._connect(), watched)

    # -- change notices -------------------------------------------------------------
    def _ref_of(self, raw: RawEvent) -> GroupRef | None:
        """The group an event belongs to; None ("reload all") for new or removed ones."""
        return None if raw.action == "destroy" else self._known.get(raw.id)

    def _open_events(self, since_ns: int | None) -> Any:
        since = None if since_ns is None else f"{since_ns / 1e9:.9f}"
        return self._new_api().events(since=since, filters=FILTERS, decode=True)

    async def watch(self) -> AsyncIterator[GroupRef | None]:
        await self._call(lambda api: api.ping())  # an unreachable engine raises here
        async for ref in self._hub.listen():
            yield ref

    # -- changing (lifecycle.py) -----------------------------------------------------
    async def _start(self, ref: GroupRef) -> None:
        await lifecycle.start(self, ref)

    async def _stop(self, ref: GroupRef) -> None:
        await lifecycle.stop(self, ref)

    async def _restart(self, ref: GroupRef) -> None:
        await lifecycle.restart(self, ref)

    async def _delete(self, ref: GroupRef) -> None:
        await lifecycle.delete(self, ref)

    async def _open_exec(
        self,
        ref: GroupRef,
        container: str,
        command: Sequence[str] | None,
        *,
        tty: bool,
        size: tuple[int, int],
    ) -> ExecSession:
        return await lifecycle.open_exec(self, ref, container, command, tty=tty, size=size)

    # -- creating (issue 13) -------------------------------------------------------------
    async def _create(self, ref: GroupRef, spec: GroupSpec, progress: Notifier) -> ContainerGroup:
        from acitui.backends.docker.apply import create_sync  # docker-py: on demand

        return await asyncio.to_thread(create_sync, self, ref, spec, progress)

    async def _deploy(
        self, resource_group: str, document: Document, params: dict[str, str], progress: Notifier
    ) -> list[ContainerGroup]:
        from acitui.backends.docker.apply import deploy_locally

        return await deploy_locally(self, resource_group, document, params, progress)

    async def close(self) -> None:
        await self._hub.close()
        with self._lock:
            api, self._api = self._api, None
        if api is not None:
            api.close()
