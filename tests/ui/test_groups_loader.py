"""The list loader against the ARM emulator: pages do not wait for the resource group list."""

from __future__ import annotations

import pytest

from acitui.backends.azure.backend import AzureBackend
from acitui.emulator import Emulator
from acitui.errors import UnavailableError
from acitui.ui.groups_loader import load_list
from acitui.ui.groups_model import GroupsModel
from tests.backends.fleet_azure import make_settings

pytestmark = pytest.mark.azure


async def test_first_page_arrives_while_resource_groups_are_still_read() -> None:
    """A slow resource group list holds no rows back; its empty groups are counted at the end."""
    with Emulator(groups=250, resource_groups=5, live_logs=False) as emu:
        emu.put_resource_group("empty-rg")
        emu.faults.slow(1, seconds=2.0, routes={"resource_groups"})
        backend = AzureBackend.from_settings(make_settings(emu))
        model = GroupsModel()
        seen: list[tuple[int, int]] = []  # (groups so far, resource groups known)
        try:
            await load_list(backend, model, lambda n: seen.append((n, len(model.resource_groups))))
        finally:
            await backend.close()
        reads = sum(emu.request_log.values())
    assert [n for n, _ in seen] == [100, 200, 250]
    assert seen[0][1] == 0  # page 1 came before the slow resource group list
    assert ("empty-rg", 0) in model.counts() and len(model.counts()) == 6
    assert model.complete and reads == 1 + 1 + 3  # provider, resource groups, three pages


async def test_resource_group_failure_fails_the_list_and_keeps_what_was_shown() -> None:
    """When the resource group list fails, the load says so; the model keeps its rows."""
    with Emulator(groups=150, resource_groups=3, live_logs=False) as emu:
        emu.faults.fail(10, status=503, routes={"resource_groups"})
        backend = AzureBackend(make_settings(emu).azure, retry_total=0)
        model = GroupsModel()
        try:
            with pytest.raises(UnavailableError):
                await load_list(backend, model, lambda n: None)
        finally:
            await backend.close()
    assert model.error is not None and not model.loading and not model.complete
