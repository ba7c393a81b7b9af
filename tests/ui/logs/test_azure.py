"""The log screen on the Azure backend: the real SDK over HTTPS against our ARM emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from acitui.backends.base import Backend
from acitui.emulator import Emulator
from acitui.model import GroupRef
from tests.backends.fleet_azure import container, group_body, make_settings
from tests.ui.logs.host import HostApp, screen_text, settings, wait_for

pytestmark = pytest.mark.azure

RG, NAME = "logs-rg", "crashy"


@pytest.fixture
async def azure() -> AsyncIterator[tuple[Emulator, Backend]]:
    from acitui.backends.azure.backend import AzureBackend

    with Emulator() as emu:
        emu.put_group(RG, NAME, group_body("Always", container("web"), container("worker")))
        emu.append_logs(RG, NAME, "web", ["booting web", "web listening on :80"])
        emu.append_logs(RG, NAME, "worker", ["worker ready"])
        backend = AzureBackend.from_settings(make_settings(emu))
        backend.log_reads_per_minute = 1200
        try:
            yield emu, backend
        finally:
            await backend.close()


async def test_crashed_run_output_stays_with_a_restart_marker(
    azure: tuple[Emulator, Backend],
) -> None:
    """After a restart the old run's lines stay on screen, then the marker, then the new run."""
    emu, backend = azure
    group = await backend.get_group(GroupRef(RG, NAME))
    app = HostApp(backend, group, "web", settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "web listening on :80" in app.view.lines, "tail", 20)
        emu.append_logs(RG, NAME, "web", ["panic: out of memory"])
        await wait_for(pilot, lambda: "panic: out of memory" in app.view.lines, "live line", 20)
        emu.exit_container(RG, NAME, "web", 137, "OOMKilled")
        emu.append_logs(RG, NAME, "web", ["booting web again"])
        await wait_for(pilot, lambda: "booting web again" in app.view.lines, "new run", 30)
        lines = list(app.view.lines)
        marker = next(i for i, line in enumerate(lines) if "⟳" in line)
        assert lines.index("panic: out of memory") < marker < lines.index("booting web again")
        assert "restarted" in lines[marker]
        assert "● following" in screen_text(app)


async def test_all_containers_on_azure(azure: tuple[Emulator, Backend]) -> None:
    """`a` merges web and worker from the emulator with container prefixes."""
    _, backend = azure
    group = await backend.get_group(GroupRef(RG, NAME))
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: len(app.view.lines) >= 2, "tail", 20)
        await pilot.press("a")
        await wait_for(pilot, lambda: "[worker] worker ready" in app.view.lines, "worker", 20)
        assert app.view.lines.index("[web]    booting web") < app.view.lines.index(
            "[worker] worker ready"
        )
