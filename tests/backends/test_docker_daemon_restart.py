"""A Docker daemon restart mid-follow: no duplicate, no lost line.

Runs a private dockerd (own data/exec root, socket and containerd namespace,
its own bridge, no iptables) so the shared engine is never touched. Note:
``--bridge=none`` would delete the host's ``docker0`` on start — breaking the
shared engine — so the private daemon gets a bridge of its own instead.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Iterator

import pytest

from acitui.backends.docker.backend import DockerBackend
from acitui.backends.docker.grouping import LABEL_RG
from acitui.model import GroupRef, LineKind, LogLine
from tests.backends.fleet_docker import run
from tests.conftest import require
from tests.docker_image import busybox_image, engine_client
from tests.private_engine import DOCKERD, PrivateEngine, private_engine

#: Numbered lines; the run number survives restarts in the container's own file.
COUNTER = (
    'n=$(cat /n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /n; i=0; trap "exit 0" TERM;'
    'while :; do echo "run $n line $i"; i=$((i+1)); sleep 0.02; done'
)


@pytest.fixture(scope="module")
def engine() -> Iterator[PrivateEngine]:
    require(os.geteuid() == 0, "a private dockerd needs root")
    require(os.access(DOCKERD, os.X_OK), f"{DOCKERD} is missing (apt-get install docker.io)")
    engine_client().close()  # the shared engine must answer too (or skip/fail like the rest)
    with private_engine() as private:
        busybox_image(private.host)
        yield private


async def _follow_across_restart(
    engine: PrivateEngine, *, live_restore: bool
) -> tuple[list[LogLine], list[str]]:
    """Follow a counting container while the daemon restarts; (followed, final snapshot)."""
    await asyncio.to_thread(engine.restart, live_restore=live_restore)
    name = f"acitui-pd-{uuid.uuid4().hex[:6]}"
    with engine_client(engine.host) as api:
        run(api, name, COUNTER, labels={LABEL_RG: "pd"}, restart="always", network_mode="none")
    backend = DockerBackend(engine.host)
    ref = GroupRef("pd", name)
    got: list[LogLine] = []

    async def collect() -> None:
        async for line in backend.follow_logs(ref, name, tail=None):
            got.append(line)

    def seen(text: str) -> bool:
        return any(line.text == text for line in got)

    async def until(text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not seen(text):
            assert time.monotonic() < deadline, f"timed out; last lines: {got[-3:]}"
            await asyncio.sleep(0.05)

    task = asyncio.create_task(collect())
    try:
        await until("run 1 line 30")
        await asyncio.to_thread(engine.restart, live_restore=live_restore)
        await until("run 1 line 300" if live_restore else "run 2 line 30")
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    snapshot = _outputs(await backend.get_logs(ref, name))  # its run markers: test_docker_runs
    await backend.close()
    return got, snapshot


def _outputs(lines: list[LogLine]) -> list[str]:
    return [line.text for line in lines if line.kind is LineKind.OUTPUT]


async def test_daemon_restart_that_restarts_the_container(engine: PrivateEngine):
    """A daemon restart (container restarted too): every line once, in order, and a RESTART line."""
    got, snapshot = await _follow_across_restart(engine, live_restore=False)
    received = _outputs(got)
    assert len(received) == len(set(received)), "no line twice"
    assert received == snapshot[: len(received)], "no line lost, none out of order"
    kinds = [line.kind for line in got]
    assert kinds.count(LineKind.RESTART) == 1
    restart = kinds.index(LineKind.RESTART)
    assert all(t.startswith("run 1 ") for t in _outputs(got[:restart]))
    assert all(t.startswith("run 2 ") for t in _outputs(got[restart:]))


async def test_daemon_restart_with_live_restore_reconnects(engine: PrivateEngine):
    """A daemon restart under a still-running container: 'reconnected', no gap, no duplicate."""
    got, snapshot = await _follow_across_restart(engine, live_restore=True)
    received = _outputs(got)
    assert received == [f"run 1 line {i}" for i in range(len(received))]
    assert received == snapshot[: len(received)]
    assert LineKind.RESTART not in [line.kind for line in got]
    assert any(line.kind is LineKind.INFO and line.text == "reconnected" for line in got)
