"""Docker events and state on the real engine: OOM, crash loops, health, change notices."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from acitui.backends.docker.backend import DockerBackend
from acitui.backends.docker.grouping import LABEL_RG
from acitui.model import GroupRef, GroupState, LineKind
from tests.backends.fleet_docker import IDLE, exited, remove_labelled, run, wait_for
from tests.docker_image import busybox_image, engine_client


@dataclass
class Place:
    api: Any
    rg: str

    def ref(self, name: str) -> GroupRef:
        return GroupRef(self.rg, f"{self.rg}-{name}")

    def run(self, name: str, script: str, **kwargs: Any) -> str:
        return run(self.api, f"{self.rg}-{name}", script, labels={LABEL_RG: self.rg}, **kwargs)


@pytest.fixture(scope="module")
def place() -> Iterator[Place]:
    api = engine_client()
    rg = f"acitui-et-{uuid.uuid4().hex[:6]}"
    try:
        yield Place(api, rg)
    finally:
        remove_labelled(api, LABEL_RG, rg)
        api.close()


async def _eventually(check: Any, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := await check()):
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.1)
    return value


@pytest.fixture
async def backend() -> AsyncIterator[DockerBackend]:
    b = DockerBackend()
    yield b
    await b.close()


async def test_out_of_memory_is_reported(place: Place, backend: DockerBackend):
    """A container killed for memory shows OOMKilled, its exit code, a Warning event, and Failed."""
    cid = place.run("oom", "echo start; head -c 200m /dev/zero | tail",
                    mem_limit="16m", memswap_limit="16m")  # fmt: skip
    wait_for(lambda: exited(place.api, cid), what="the OOM kill")

    async def oom_noted() -> Any:  # the daemon notes the OOM a moment after the exit
        group = await backend.get_group(place.ref("oom"))
        return group if group.containers[0].current_state.detail_status == "OOMKilled" else None

    group = await _eventually(oom_noted)
    state = group.containers[0].current_state
    assert state is not None and state.detail_status == "OOMKilled" and state.exit_code == 137
    assert group.state is GroupState.FAILED
    assert group.containers[0].memory_gb == pytest.approx(16 / 1024, abs=0.001)
    oom = [e for e in group.events if e.name == "OOMKilled"]
    assert oom and oom[0].type == "Warning" and oom[0].last_timestamp is not None


async def test_crash_loop_events_are_counted(place: Place, backend: DockerBackend):
    """Three crashes fold into one 'Died' event with count 3, plus BackOff; the group is Failed."""
    cid = place.run("loop", "echo boom; exit 2", restart="on-failure:2")
    wait_for(
        lambda: exited(place.api, cid) and place.api.inspect_container(cid)["RestartCount"] == 2,
        what="the restarts to run out",
    )
    group = await backend.get_group(place.ref("loop"))
    assert group.state is GroupState.FAILED and group.restart_policy == "OnFailure"
    assert group.containers[0].restart_count == 2 and group.containers[0].exit_code == 2
    events = {e.name: e for e in group.events}
    assert events["Died"].count == 3 and events["Died"].type == "Warning"
    assert events["Died"].message == "Container exited with code 2"
    assert events["Died"].first_timestamp < events["Died"].last_timestamp
    assert events["Started"].count == 3
    assert events["BackOff"].count == 2
    lines = await backend.get_logs(place.ref("loop"), place.ref("loop").name)
    assert [(x.kind, x.text.split(" ")[0]) for x in lines] == [  # runs marked: test_docker_runs
        (LineKind.OUTPUT, "boom"), (LineKind.RESTART, "run"), (LineKind.OUTPUT, "boom"),
        (LineKind.RESTART, "run"), (LineKind.OUTPUT, "boom"),
    ]  # fmt: skip


async def test_failing_health_check_shows_unhealthy(place: Place, backend: DockerBackend):
    """A container whose health check fails is Running but marked Unhealthy, with an event."""
    healthcheck = {"test": ["CMD", "sh", "-c", "echo probe failed; exit 1"],
                   "interval": 100_000_000, "timeout": 1_000_000_000, "retries": 1}  # fmt: skip
    created = place.api.create_container(
        busybox_image(),
        ["sh", "-c", IDLE],
        name=f"{place.rg}-sick",
        labels={LABEL_RG: place.rg},
        healthcheck=healthcheck,
    )
    place.api.start(created["Id"])
    wait_for(
        lambda: (
            place.api.inspect_container(created["Id"])["State"]["Health"]["Status"] == "unhealthy"
        ),
        what="the health check to fail",
    )
    group = await backend.get_group(place.ref("sick"))
    assert group.state is GroupState.RUNNING
    assert group.containers[0].current_state.detail_status == "Unhealthy"
    unhealthy = [e for e in group.events if e.name == "Unhealthy"]
    assert unhealthy and unhealthy[0].type == "Warning"


async def test_watch_names_the_group_that_changed(place: Place, backend: DockerBackend):
    """Stopping a container elsewhere makes watch() name its group; a new one says 'reload all'."""
    cid = place.run("watched", IDLE, restart="always")
    await backend.list_groups(place.rg)  # the backend learns which group each container is in
    notices: list[GroupRef | None] = []

    async def listen() -> None:
        async for ref in backend.watch():
            notices.append(ref)

    task = asyncio.create_task(listen())
    try:
        deadline = time.monotonic() + 20
        while not notices:  # poke (a harmless signal) until the stream is surely connected
            assert time.monotonic() < deadline, "watch() never reported anything"
            place.api.kill(cid, signal="SIGWINCH")
            await asyncio.sleep(0.2)
        notices.clear()
        place.api.stop(cid, timeout=5)
        deadline = time.monotonic() + 20
        while place.ref("watched") not in notices:
            assert time.monotonic() < deadline, f"no notice for the stopped group: {notices}"
            await asyncio.sleep(0.05)
        place.run("newcomer", IDLE)
        deadline = time.monotonic() + 20
        while None not in notices:
            assert time.monotonic() < deadline, f"no notice for the new container: {notices}"
            await asyncio.sleep(0.05)
        assert (await backend.get_group(place.ref("watched"))).state is GroupState.STOPPED
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    await backend.close()
    assert not [t for t in threading.enumerate() if t.name == "acitui-docker-events"]
