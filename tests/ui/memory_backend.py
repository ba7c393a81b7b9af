"""A small in-memory backend for UI tests: our own protocol, no SDK.

It subclasses BaseBackend (so the read-only guard is the real one), keeps
groups in a dict, can be switched "down" to raise UnavailableError, counts
calls, and pushes watch notices from a queue.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from acitui.backends.base import BaseBackend
from acitui.errors import NotFoundError, UnavailableError
from acitui.model import (
    Capabilities,
    Container,
    ContainerGroup,
    ContainerState,
    ContainerStatus,
    EnvVar,
    Event,
    GroupRef,
    GroupState,
    IpAddress,
    LogLine,
    Port,
    ResourceGroup,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def make_group(
    name: str,
    rg: str = "prod",
    *,
    state: GroupState = GroupState.RUNNING,
    image: str = "nginx:1.27",
    env: tuple[EnvVar, ...] = (),
    containers: int = 1,
    created_minutes_ago: int = 90,
) -> ContainerGroup:
    running = state is GroupState.RUNNING
    current = ContainerState(
        ContainerStatus.RUNNING if running else ContainerStatus.TERMINATED,
        detail_status="" if running else "Error",
        exit_code=None if running else 3,
        start_time=NOW - timedelta(minutes=created_minutes_ago),
    )
    members = tuple(
        Container(
            name=name if i == 0 else f"sidecar{i}",
            image=image,
            cpu=1.0,
            memory_gb=1.5,
            ports=(Port(80),) if i == 0 else (),
            environment=env if i == 0 else (),
            current_state=current,
            restart_count=0 if running else 2,
        )
        for i in range(containers)
    )
    events = (
        Event(None, "Normal", "Pulled", f"pulled {image}", 1, NOW - timedelta(minutes=80)),
        Event(
            name,
            "Warning" if not running else "Normal",
            "BackOff" if not running else "Started",
            "back-off restarting" if not running else "started container",
            3 if not running else 1,
            NOW - timedelta(minutes=60),
            NOW - timedelta(minutes=5),
        ),
    )
    return ContainerGroup(
        name=name,
        resource_group=rg,
        state=state,
        location="westeurope",
        os_type="Linux",
        restart_policy="Always",
        ip_address=IpAddress(f"10.0.0.{len(name)}", "Public", (Port(80),)),
        containers=members,
        events=events,
        created=NOW - timedelta(minutes=created_minutes_ago),
        provisioning_state="Succeeded",
    )


class MemoryBackend(BaseBackend):
    """Groups in memory; ``detailed_list=False`` mimics ACI's list without live state."""

    def __init__(
        self,
        groups: list[ContainerGroup],
        *,
        name: str = "memory",
        read_only: bool = False,
        watch: bool = False,
        detailed_list: bool = True,
    ) -> None:
        super().__init__(read_only=read_only)
        self.name = name
        self.capabilities = Capabilities(watch=watch)
        self.groups = {g.key: g for g in groups}
        self.detailed_list = detailed_list
        self.down = False
        self.calls: list[str] = []
        self.notices: asyncio.Queue[GroupRef | None] = asyncio.Queue()
        self.closed = False

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

    async def get_logs(self, ref, container, *, tail=None, timestamps=False):  # type: ignore[no-untyped-def]
        self._check("get_logs")
        self._find(ref)
        return [LogLine(f"line {i}", container) for i in range(3)]

    async def follow_logs(self, ref, container, *, tail=100) -> AsyncIterator[LogLine]:  # type: ignore[no-untyped-def]
        for line in await self.get_logs(ref, container, tail=tail):
            yield line
        await asyncio.Event().wait()

    async def watch(self) -> AsyncIterator[GroupRef | None]:
        self._check("watch")
        while True:
            yield await self.notices.get()

    def set_state(self, key: str, state: GroupState) -> None:
        self.groups[key] = replace(self.groups[key], state=state)

    async def _start(self, ref: GroupRef) -> None:
        self._check(f"start {ref}")
        self.set_state(str(self._find(ref).ref), GroupState.RUNNING)

    async def _stop(self, ref: GroupRef) -> None:
        self._check(f"stop {ref}")
        self.set_state(str(self._find(ref).ref), GroupState.STOPPED)

    async def _restart(self, ref: GroupRef) -> None:
        self._check(f"restart {ref}")
        self._find(ref)

    async def _delete(self, ref: GroupRef) -> None:
        self._check(f"delete {ref}")
        del self.groups[str(self._find(ref).ref)]

    async def close(self) -> None:
        self.closed = True


def sample_groups() -> list[ContainerGroup]:
    """A small deterministic fleet: two resource groups, one failed group, env vars."""
    return [
        make_group(
            "web",
            env=(
                EnvVar("PLAIN_SETTING", "visible-value"),
                EnvVar("DB_PASSWORD", None, secure=True),
                EnvVar("LOG_LEVEL", "debug"),
            ),
            containers=2,
        ),
        make_group("api", image="ghcr.io/acme/api:2"),
        make_group("batch", state=GroupState.FAILED, image="busybox"),
        make_group("worker", rg="staging", image="python:3.11"),
    ]
