"""The contract suite once more on an ARM endpoint that offers only api-version 2023-05-01.

The default Azure fleet's emulator offers 2023-05-01 … 2026-05-01, so the suite
proper runs the raw-JSON path of the newest version; here the same tests run the
SDK's 2023-05-01 path, so both versions are held to one contract.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import pytest

from acitui.backends.azure.backend import AzureBackend
from acitui.emulator import Emulator
from acitui.model import GroupRef
from tests.backends import test_contract
from tests.backends.conftest import ContractFleet
from tests.backends.fleet_azure import RG, make_settings, populate

pytestmark = pytest.mark.azure

# The contract's tests, collected again in this module with the fleet below.
globals().update({k: v for k, v in vars(test_contract).items() if k.startswith("test_")})


@pytest.fixture(scope="module")
def fleet() -> Iterator[ContractFleet]:
    """The contract fleet on an emulator that speaks 2023-05-01 only."""
    with contextlib.ExitStack() as stack:
        emu = stack.enter_context(Emulator(api_versions=("2023-05-01",)))
        refs = populate(emu, uuid.uuid4().hex[:6])

        def make_backend(read_only: bool = False) -> AzureBackend:
            backend = AzureBackend.from_settings(make_settings(emu).with_(read_only=read_only))
            backend.lro_poll_seconds = 0.1
            backend.log_reads_per_minute = 1200
            return backend

        async def emit(ref: GroupRef, name: str, lines: list[str]) -> None:
            emu.append_logs(ref.resource_group, ref.name, name, lines)

        yield ContractFleet(
            name="azure",
            make_backend=make_backend,
            resource_group=RG,
            running=refs["running"],
            failed=refs["failed"],
            succeeded=refs["succeeded"],
            stoppable=refs["stoppable"],
            missing=GroupRef(RG, "no-such-group"),
            emit=emit,
            secure_env=("DB_PASSWORD",),
        )


async def test_this_fleet_speaks_2023(fleet: ContractFleet) -> None:
    """The backend on this fleet chose 2023-05-01 (the SDK path), and its groups say so."""
    backend = fleet.make_backend()
    try:
        assert await backend.api_version() == "2023-05-01"  # type: ignore[attr-defined]
        groups = await backend.list_groups(fleet.resource_group)
        assert {g.api_version for g in groups} == {"2023-05-01"}
    finally:
        await backend.close()
