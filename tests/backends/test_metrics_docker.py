"""Live CPU/memory/network of containers, read through the Docker backend from the real engine."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from acitui.backends import load_backend
from acitui.backends.base import Backend
from acitui.config import Settings
from acitui.model import GroupRef, MetricSample
from tests.backends.fleet_docker import remove_labelled, run, sweep_stale
from tests.docker_image import busybox_image, engine_client

LABEL_RG, LABEL_GROUP, LABEL_CONTAINER = "acitui.resource-group", "acitui.group", "acitui.container"
SPIN = "while :; do :; done"


@pytest.fixture(scope="module")
def api() -> Iterator[Any]:
    client = engine_client()
    busybox_image()
    sweep_stale(client)
    yield client
    client.close()


@pytest.fixture
def rg(api: Any) -> Iterator[str]:
    name = f"acitui-mt-{uuid.uuid4().hex[:6]}"
    yield name
    remove_labelled(api, LABEL_RG, name)


@pytest.fixture
async def backend() -> AsyncIterator[Backend]:
    b = load_backend("docker", Settings(backend="docker"))
    try:
        yield b
    finally:
        await b.close()


def labels(rg: str, group: str, container: str) -> dict[str, str]:
    return {LABEL_RG: rg, LABEL_GROUP: group, LABEL_CONTAINER: container}


def by_name(samples: list[MetricSample]) -> dict[str, MetricSample]:
    return {s.container: s for s in samples}


async def test_spinning_container_shows_one_core_and_idle_one_near_zero(
    api: Any, rg: str, backend: Backend
) -> None:
    """A busybox loop spinning a core reads up to ~100 % in one snapshot; a sleeping one near 0.

    The test host's two cores are shared, so the spinner gets "most of a core", not all of it.
    """
    run(api, f"{rg}-spin", SPIN, labels=labels(rg, "app", "spin"))
    run(api, f"{rg}-idle", "sleep 600", labels=labels(rg, "app", "idle"))
    samples = by_name(await backend.metrics_snapshot(GroupRef(rg, "app")))
    assert set(samples) == {"spin", "idle"}
    spin, idle = samples["spin"], samples["idle"]
    assert spin.cpu_percent is not None and 10 < spin.cpu_percent < 130  # ~100 when idle
    assert spin.cpu_millicores == pytest.approx(spin.cpu_percent * 10)  # % of one core
    assert idle.cpu_percent is not None and idle.cpu_percent < 5
    assert idle.memory_bytes is not None and 0 < idle.memory_bytes < 64 * 2**20
    assert idle.memory_percent is not None and idle.memory_percent < 50


async def test_cpu_percent_is_of_the_containers_limit(api: Any, rg: str, backend: Backend) -> None:
    """A spinner capped at half a core uses ~100 % of its limit, ~500 millicores."""
    run(api, f"{rg}-half", SPIN, labels=labels(rg, "capped", "half"), nano_cpus=500_000_000)
    # One snapshot's window is ~1 s read at two moments: on a loaded host a single one can
    # overshoot the quota (seen: 696), so the middle of three is what a user reads off the column.
    samples = [(await backend.metrics_snapshot(GroupRef(rg, "capped")))[0] for _ in range(3)]
    for sample in samples:
        assert sample.cpu_millicores is not None
        assert sample.cpu_percent == pytest.approx(sample.cpu_millicores / 5)  # of 500 millicores
    middle = sorted(s.cpu_millicores or 0 for s in samples)[1]
    assert 50 < middle < 650  # capped: about half a core, not the whole core it would spin


async def test_memory_hog_climbs_towards_its_limit(api: Any, rg: str, backend: Backend) -> None:
    """A container holding 40 MB (tmpfs pages count as memory) of its 64 MB limit reads > 55 %."""
    script = "head -c 40m /dev/zero > /dev/shm/fill; sleep 600"
    run(api, f"{rg}-hog", script, labels=labels(rg, "hog", "hog"), mem_limit="64m")
    readings = backend.metrics(GroupRef(rg, "hog"))
    try:
        async with asyncio.timeout(60):  # a bound, not a pace: readings come every second
            async for batch in readings:
                (sample,) = batch
                if sample.memory_percent is not None and sample.memory_percent > 55:
                    break
    finally:
        await readings.aclose()  # type: ignore[attr-defined]
    assert sample.memory_bytes is not None and 30 * 2**20 < sample.memory_bytes <= 64 * 2**20


async def test_stream_gives_cpu_and_network_rates_and_stops_its_threads(
    api: Any, rg: str, backend: Backend
) -> None:
    """Followed readings carry CPU and rx/tx rates; closing the iterator ends every reader."""
    run(api, f"{rg}-spin", SPIN, labels=labels(rg, "live", "spin"))
    readings = backend.metrics(GroupRef(rg, "live"))
    seen: list[MetricSample] = []
    try:
        async with asyncio.timeout(60):  # a bound, not a pace: readings come every second
            async for batch in readings:
                seen += batch
                if any(s.cpu_percent is not None and s.rx_bytes_per_s is not None for s in seen):
                    break
    finally:
        await readings.aclose()  # type: ignore[attr-defined]
    last = seen[-1]
    assert last.cpu_percent is not None and last.cpu_percent > 10
    assert last.rx_bytes_per_s is not None and last.rx_bytes_per_s >= 0
    names = [t.name for t in threading.enumerate()]
    assert not any(n.startswith("acitui-stats") for n in names)


async def test_stopped_group_has_no_readings(api: Any, rg: str, backend: Backend) -> None:
    """A group whose containers all exited reads as nothing, not an error."""
    cid = run(api, f"{rg}-done", "true", labels=labels(rg, "done", "job"))
    api.wait(cid, timeout=30)
    assert await backend.metrics_snapshot(GroupRef(rg, "done")) == []
