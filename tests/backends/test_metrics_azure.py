"""Container metrics through the Azure backend: the real azure-mgmt-monitor client, the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from acitui.backends import load_backend
from acitui.backends.base import Backend
from acitui.emulator import Emulator
from acitui.errors import NotFoundError
from acitui.model import GroupRef
from tests.backends.fleet_azure import make_settings
from tests.emulator.conftest import group_body

pytestmark = pytest.mark.azure


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    """A web group (busy web, idle sidecar) and a leaking worker, running for two hours."""
    with Emulator() as emulator:
        emulator.put_group("rg", "shop", group_body(("web", "sidecar")), age=2 * 3600)
        emulator.put_group("rg", "jobs", group_body(("worker",)), age=2 * 3600)
        emulator.set_metrics("rg", "jobs", "worker", "leak")
        yield emulator


@pytest.fixture
async def backend(emu: Emulator) -> AsyncIterator[Backend]:
    b = load_backend("azure", make_settings(emu))
    try:
        yield b
    finally:
        await b.close()


async def test_last_hour_per_container_with_percent_of_request(backend: Backend) -> None:
    """An hour of one-minute samples per container: busy web near its 0.5 CPU, sidecar idle."""
    assert backend.capabilities.metrics
    samples = await backend.metrics_history(GroupRef("rg", "shop"), 60)
    web = [s for s in samples if s.container == "web"]
    sidecar = [s for s in samples if s.container == "sidecar"]
    assert 55 <= len(web) <= 61 and len(sidecar) == len(web)
    assert [s.time for s in web] == sorted(s.time for s in web)
    assert all(s.cpu_percent is not None and 50 < s.cpu_percent <= 100 for s in web)
    assert all(s.cpu_percent is not None and s.cpu_percent < 2 for s in sidecar)
    last = web[-1]
    assert last.cpu_millicores == pytest.approx(last.cpu_percent * 5)  # of 500 millicores
    assert last.memory_percent is not None and 40 < last.memory_percent < 70  # of 0.5 GiB
    assert last.rx_bytes_per_s is not None and last.rx_bytes_per_s > 1000  # the group's traffic
    assert last.tx_bytes_per_s is not None


async def test_leaking_worker_climbs_over_the_hour(backend: Backend) -> None:
    """The leaking worker's memory is higher at the end of the hour than at its start."""
    samples = await backend.metrics_history(GroupRef("rg", "jobs"), 60)
    memory = [s.memory_bytes for s in samples if s.memory_bytes is not None]
    assert memory[-1] > memory[0] * 1.1


async def test_live_readings_and_snapshot_give_each_containers_newest_minute(
    backend: Backend,
) -> None:
    """The first live reading (and top's snapshot) holds one sample per container."""
    readings = backend.metrics(GroupRef("rg", "shop"))
    try:
        first = await anext(readings)
    finally:
        await readings.aclose()  # type: ignore[attr-defined]
    assert sorted(s.container for s in first) == ["sidecar", "web"]
    snapshot = await backend.metrics_snapshot(GroupRef("rg", "shop"))
    assert {s.container for s in snapshot} == {"sidecar", "web"}


async def test_unknown_group_is_not_found(backend: Backend) -> None:
    """Metrics of a group that does not exist: a not-found error, not an SDK traceback."""
    with pytest.raises(NotFoundError):
        await backend.metrics_history(GroupRef("rg", "nope"), 60)
