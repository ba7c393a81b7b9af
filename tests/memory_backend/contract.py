"""The contract suite's fleet on the memory backend (shaped as tests/backends/conftest.py says)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import timedelta

from acitui.model import (
    Container,
    ContainerGroup,
    ContainerState,
    ContainerStatus,
    EnvVar,
    Event,
    GroupRef,
    GroupState,
)
from tests.backends.conftest import ContractFleet
from tests.memory_backend.backend import MemoryBackend, World
from tests.memory_backend.fleet import NOW

RG = "contract"
HOSTILE = "evil \x1b]52;c;aGk=\x07 and \x1b[2J cleared"


def _group(
    name: str, state: GroupState, *members: Container, policy: str = "Always"
) -> ContainerGroup:
    first = members[0].name
    events = [Event(first, "Normal", "Started", "started", 1, NOW, NOW)]
    if state is GroupState.FAILED:
        later = NOW + timedelta(seconds=5)
        events.append(Event(first, "Warning", "Terminated", "exit 3", 1, later, later))
    return ContainerGroup(
        name=name,
        resource_group=RG,
        state=state,
        restart_policy=policy,
        containers=members,
        events=tuple(events),
    )


def _ended(name: str, code: int) -> Container:
    return Container(
        name, "busybox", current_state=ContainerState(ContainerStatus.TERMINATED, exit_code=code)
    )


@contextlib.contextmanager
def build_fleet() -> Iterator[ContractFleet]:
    """Running (web + sidecar), failed (job exit 3), succeeded (batch exit 0), stoppable (app)."""
    up = ContainerState(ContainerStatus.RUNNING, start_time=NOW)
    env = (EnvVar("PLAIN_SETTING", "visible-value"), EnvVar("API_KEY", None, secure=True))
    web = Container("web", "nginx", environment=env, current_state=up)
    sidecar = Container("sidecar", "busybox", current_state=up)
    world = World()
    seed = MemoryBackend(
        [
            _group("running", GroupState.RUNNING, web, sidecar),
            _group("failed", GroupState.FAILED, _ended("job", 3), policy="Never"),
            _group("succeeded", GroupState.SUCCEEDED, _ended("batch", 0), policy="Never"),
            _group("stoppable", GroupState.RUNNING, Container("app", "busybox", current_state=up)),
        ],
        world=world,
    )
    running = GroupRef(RG, "running")
    seed.seed("web", ["hello from web", HOSTILE], group=running)

    async def emit(ref: GroupRef, container: str, lines: list[str]) -> None:
        seed.emit(container, lines, group=ref)

    yield ContractFleet(
        name="memory",
        make_backend=lambda read_only=False: MemoryBackend(world=world, read_only=read_only),
        resource_group=RG,
        running=running,
        failed=GroupRef(RG, "failed"),
        succeeded=GroupRef(RG, "succeeded"),
        stoppable=GroupRef(RG, "stoppable"),
        missing=GroupRef(RG, "missing"),
        emit=emit,
        secure_env=("API_KEY",),
    )
