"""Generated fleets for benchmarks: thousands of groups, listed page by page."""

from __future__ import annotations

import time

import pytest

from acitui.emulator import Emulator
from tests.emulator.conftest import make_client

pytestmark = pytest.mark.azure


async def test_five_thousand_groups_in_two_hundred_resource_groups() -> None:
    """A 5,000-group fleet is built quickly and the SDK pages through all of it."""
    started = time.perf_counter()
    emu = Emulator(groups=5000, resource_groups=200)
    built = time.perf_counter() - started
    with emu:
        async with make_client(emu) as client:
            started = time.perf_counter()
            listed = [g async for g in client.container_groups.list()]
            listing = time.perf_counter() - started
            one_rg = [
                g async for g in client.container_groups.list_by_resource_group("acitui-rg-007")
            ]
            states = set()
            for group in listed[:120]:
                got = await client.container_groups.get(group.id.split("/")[4], group.name)
                states.add(got.instance_view.state)
    assert len({g.id for g in listed}) == 5000
    assert len({g.id.split("/")[4] for g in listed}) == 200
    assert len(one_rg) == 25
    assert emu.request_log[("GET", "groups_by_subscription")] == 50
    assert {"Running", "Stopped", "Succeeded", "Failed"} <= states
    assert built < 3 and listing < 15, (built, listing)


def test_generated_fleet_is_deterministic() -> None:
    """The same size gives the same fleet, so benchmark runs are comparable."""
    a = Emulator(groups=50, resource_groups=5, clock="manual").store.list_groups()
    b = Emulator(groups=50, resource_groups=5, clock="manual").store.list_groups()
    assert a == b
