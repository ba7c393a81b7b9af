"""Following Docker logs on the real engine: restarts, cancellation, back-pressure."""

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
from acitui.model import GroupRef, LineKind, LogLine
from tests.backends.fleet_docker import IDLE, remove_labelled, run, wait_for
from tests.docker_image import busybox_image, engine_client

#: Each run prints "run N", the first two wait for /go and then crash with code 4.
CRASHER = (
    'n=$(cat /n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /n; echo "run $n";'
    "while [ ! -e /go ]; do sleep 0.05; done; [ $n -lt 3 ] && exit 4; " + IDLE
)


@dataclass
class Place:
    api: Any
    rg: str
    prefix: str

    def ref(self, name: str) -> GroupRef:
        return GroupRef(self.rg, f"{self.prefix}-{name}")


@pytest.fixture(scope="module")
def place() -> Iterator[Place]:
    api = engine_client()
    sid = uuid.uuid4().hex[:6]
    rg = prefix = f"acitui-ft-{sid}"
    try:
        yield Place(api, rg, prefix)
    finally:
        remove_labelled(api, LABEL_RG, rg)
        api.close()


@pytest.fixture
async def backend() -> AsyncIterator[DockerBackend]:
    b = DockerBackend()
    yield b
    await b.close()


def _readers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("acitui-logs-")]


async def _collect(stream: AsyncIterator[LogLine], into: list[LogLine]) -> None:
    async for line in stream:
        into.append(line)


async def _until(check: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_restart_marker_between_runs(place: Place, backend: DockerBackend):
    """A crash-looping container's followed log shows a RESTART line with its exit code per run."""
    ref = place.ref("crasher")
    cid = run(place.api, ref.name, CRASHER, labels={LABEL_RG: place.rg}, restart="on-failure")
    got: list[LogLine] = []
    task = asyncio.create_task(_collect(backend.follow_logs(ref, ref.name, tail=None), got))
    try:
        await _until(lambda: any(line.text == "run 1" for line in got))
        place.api.exec_start(place.api.exec_create(cid, ["touch", "/go"]))
        await _until(lambda: any(line.text == "run 3" for line in got))
        seen = [(line.kind, line.text) for line in got if line.kind is not LineKind.INFO]
        assert [kind for kind, _ in seen] == [LineKind.OUTPUT, LineKind.RESTART] * 2 + [
            LineKind.OUTPUT
        ]
        assert [text for kind, text in seen if kind is LineKind.OUTPUT] == [
            "run 1",
            "run 2",
            "run 3",
        ]
        assert all("code 4" in text for kind, text in seen if kind is LineKind.RESTART)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    group = await backend.get_group(ref)
    web = group.containers[0]
    assert web.restart_count == 2 and web.ready
    assert web.previous_state is not None and web.previous_state.exit_code == 4
    died = [e for e in group.events if e.name == "Died"]
    assert died and died[0].count == 2 and died[0].type == "Warning"
    assert "code 4" in died[0].message
    assert any(e.name == "BackOff" for e in group.events)


async def test_cancel_ends_the_reader_thread_under_load(place: Place, backend: DockerBackend):
    """Leaving a busy log (200,000 lines backed up) stops its reader thread within 0.5 s."""
    ref = place.ref("busy")
    run(place.api, ref.name, f"yes line | head -n 200000; {IDLE}", labels={LABEL_RG: place.rg})
    wait_for(lambda: len(place.api.logs(ref.name, tail=1)) > 0, what="busy output")
    before = set(_readers())
    stream = backend.follow_logs(ref, ref.name, tail=None)
    assert (await anext(stream)).text == "line"
    assert len(set(_readers()) - before) == 1
    started = time.monotonic()
    await stream.aclose()
    await _until(lambda: not (set(_readers()) - before), timeout=0.5)
    assert time.monotonic() - started < 0.5


async def test_followed_log_of_a_removed_container_ends_with_a_note(
    place: Place, backend: DockerBackend
):
    """When the container is deleted mid-follow, the follow ends and says why."""
    ref = place.ref("doomed")
    cid = run(place.api, ref.name, f"echo alive; {IDLE}", labels={LABEL_RG: place.rg})
    got: list[LogLine] = []
    task = asyncio.create_task(_collect(backend.follow_logs(ref, ref.name, tail=None), got))
    await _until(lambda: any(line.text == "alive" for line in got))
    place.api.remove_container(cid, force=True)
    async with asyncio.timeout(20):
        await task
    assert got[-1].kind is LineKind.INFO and "log ended" in got[-1].text


async def test_busy_backlog_streams_quickly(place: Place, backend: DockerBackend):
    """A 200,000-line backlog arrives complete and in order, fast (no byte-at-a-time reads)."""
    ref = place.ref("backlog")
    run(place.api, ref.name, f"seq 1 200000; {IDLE}", labels={LABEL_RG: place.rg})
    wait_for(lambda: place.api.logs(ref.name, tail=1).strip() == b"200000", what="the backlog")
    stream = backend.follow_logs(ref, ref.name, tail=None)
    count, started = 0, time.monotonic()
    async for line in stream:
        count += 1
        assert line.text == str(count)
        if count == 200_000:
            break
    elapsed = time.monotonic() - started
    await stream.aclose()
    assert elapsed < 15, f"200,000 lines took {elapsed:.1f}s"


async def test_follow_waits_for_a_created_container_to_start(place: Place, backend: DockerBackend):
    """Following a container that was never started shows its first lines once it starts."""
    ref = place.ref("late")
    created = place.api.create_container(
        busybox_image(), ["sh", "-c", f"echo first words; {IDLE}"], name=ref.name,
        labels={LABEL_RG: place.rg},
    )  # fmt: skip
    got: list[LogLine] = []
    task = asyncio.create_task(_collect(backend.follow_logs(ref, ref.name, tail=None), got))
    try:
        await asyncio.sleep(0.3)  # the follow is waiting on a container that has no run yet
        place.api.start(created["Id"])
        await _until(lambda: any(line.text == "first words" for line in got), timeout=20)
        assert [line.kind for line in got] == [LineKind.OUTPUT]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
