"""Azure backend limits over real HTTPS to the emulator: deadlines, caps, back-off, tail."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from azure.core.credentials import AccessToken

from acitui.backends.azure.auth import SignInChain
from acitui.backends.azure.backend import AzureBackend
from acitui.emulator import Emulator
from acitui.errors import BackendError, InvalidInputError, UnavailableError
from acitui.model import GroupRef
from tests.backends.fleet_azure import RG, make_settings, populate

pytestmark = pytest.mark.azure


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as server:
        populate(server, "lim")
        yield server


@pytest.fixture(autouse=True)
def no_faults(emu: Emulator) -> Iterator[None]:
    emu.faults.clear()
    yield
    emu.faults.clear()


def backend_for(emu: Emulator, **options: Any) -> AzureBackend:
    return AzureBackend(make_settings(emu).azure, **options)


async def test_a_call_without_an_answer_ends_at_the_deadline(emu: Emulator) -> None:
    """Slow answers past the timeout (every retry too) end in "No answer from … after 1 s"."""
    emu.faults.slow(20, seconds=30)
    backend = backend_for(emu, request_timeout=1)
    try:
        with pytest.raises(UnavailableError) as caught:
            await backend.list_groups(RG)
    finally:
        await backend.close()
    assert caught.value.message == f"No answer from {emu.endpoint} after 1 s"
    assert "request_timeout" in caught.value.hint


async def test_retry_back_off_is_injectable(emu: Emulator) -> None:
    """With the back-off set to zero, two 500s are retried and the list still arrives."""
    before = emu.request_log[("GET", "groups_by_resource_group")]
    backend = backend_for(emu, retry_backoff_factor=0.0)
    try:
        await backend.api_version()  # the once-per-subscription provider read, before the faults
        emu.faults.fail(2, status=500)
        groups = await backend.list_groups(RG)
    finally:
        await backend.close()
    assert groups
    assert emu.request_log[("GET", "groups_by_resource_group")] - before == 3


async def test_an_answer_over_the_cap_is_refused(emu: Emulator) -> None:
    """A body larger than the cap is refused with "sent more than", never parsed."""
    backend = backend_for(emu, max_body_bytes=2048)
    try:
        with pytest.raises(BackendError, match="sent more than"):
            await backend.list_groups(RG)
    finally:
        await backend.close()


class SlowSignIn:
    """A credential that takes longer than the call's deadline (a person typing a code)."""

    def __init__(self, token: str, seconds: float) -> None:
        self.token, self.seconds = token, seconds

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        await asyncio.sleep(self.seconds)
        return AccessToken(self.token, int(time.time()) + 3600)

    async def close(self) -> None:
        return None


async def test_signing_in_does_not_count_against_the_deadline(emu: Emulator) -> None:
    """A sign-in slower than request_timeout still lets the call through."""
    backend = backend_for(emu, request_timeout=1)
    backend.clients._credential = SignInChain([("slow", SlowSignIn(emu.token, 1.5))])
    try:
        assert await backend.list_groups(RG)
    finally:
        await backend.close()


@pytest.mark.parametrize("tail", [-1, -100])
async def test_negative_tail_is_refused(emu: Emulator, tail: int) -> None:
    """A negative tail is an input error, not an empty log."""
    backend = backend_for(emu)
    ref = GroupRef(RG, "running-lim")
    try:
        with pytest.raises(InvalidInputError, match="tail"):
            await backend.get_logs(ref, "web", tail=tail)
        with pytest.raises(InvalidInputError, match="tail"):
            await anext(backend.follow_logs(ref, "web", tail=tail))
    finally:
        await backend.close()


def test_cli_negative_tail_exits_2(emu: Emulator) -> None:
    """`acitui logs --tail -1` on Azure exits 2 with a message, instead of printing nothing."""
    env = {
        **os.environ,
        "ACITUI_AZURE_TOKEN": emu.token,
        "REQUESTS_CA_BUNDLE": emu.ca_file,
        "ACITUI_CONFIG": os.devnull,
    }
    args = ["--backend", "azure", "--arm-endpoint", emu.endpoint]
    args += ["--subscription", emu.subscription_id, "logs", f"{RG}/running-lim", "--tail", "-1"]
    proc = subprocess.run(
        [sys.executable, "-m", "acitui", *args], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 2
    assert "--tail" in proc.stderr and "0 or more" in proc.stderr
    assert not proc.stdout
