"""The Azure list's pages: the next is on the wire while the caller works, on one connection."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from acitui.backends.azure.backend import AzureBackend
from acitui.emulator import Emulator
from acitui.errors import AuthError, UnavailableError
from tests.backends.fleet_azure import make_settings

pytestmark = pytest.mark.azure
LIST = ("GET", "groups_by_subscription")


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(groups=350, resource_groups=5, live_logs=False) as server:
        yield server


async def until(check: Any, seconds: float = 10.0) -> bool:
    """Wait for ``check()`` to hold (polled; False when it never did)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not check():
        if loop.time() > deadline:
            return False
        await asyncio.sleep(0.005)
    return True


async def test_next_page_is_read_while_the_caller_holds_this_one(emu: Emulator) -> None:
    """Later pages are read while the caller still holds page 1; no page is read twice."""
    emu.request_log.clear()
    backend = AzureBackend.from_settings(make_settings(emu))
    try:
        pages = backend.iter_groups()
        first = await anext(pages)
        assert await until(lambda: emu.request_log[LIST] == 4), "pages 2-4 were not read ahead"
        rest = [len(page) async for page in pages]
    finally:
        await backend.close()
    assert [len(first), *rest] == [100, 100, 100, 50]
    assert emu.request_log[LIST] == 4  # the same reads as one page at a time


async def test_pages_share_one_connection(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a CA bundle set, the list's pages reuse one TLS connection (no handshake a page)."""
    opened: list[str] = []

    async def on_open(*_: Any) -> None:
        opened.append("connection")

    trace = aiohttp.TraceConfig()
    trace.on_connection_create_end.append(on_open)
    plain_init = aiohttp.ClientSession.__init__

    def traced_init(self: aiohttp.ClientSession, *args: Any, **kwargs: Any) -> None:
        plain_init(self, *args, **{**kwargs, "trace_configs": [trace]})

    monkeypatch.setattr(aiohttp.ClientSession, "__init__", traced_init)
    backend = AzureBackend.from_settings(make_settings(emu))
    try:
        groups = await backend.list_groups()  # the provider read, then four pages
    finally:
        await backend.close()
    assert len(groups) == 350
    assert len(opened) == 1  # was five: a new SSL context, so a new connection, each request


async def test_failure_mid_list_comes_after_the_pages_before_it() -> None:
    """A failing page (expired sign-in) is raised after the pages read before it are handed over."""
    with Emulator(groups=1000, resource_groups=5, live_logs=False) as big:
        backend = AzureBackend.from_settings(make_settings(big))
        got: list[int] = []
        try:
            pages = backend.iter_groups()
            got.append(len(await anext(pages)))
            big.faults.fail(1, status=401, routes={LIST[1]})  # read ahead: 5 pages at most
            with pytest.raises(AuthError):
                async for page in pages:
                    got.append(len(page))
        finally:
            await backend.close()
    assert got[0] == 100 and len(got) <= 6 and set(got) == {100}


async def test_proxy_from_the_environment_is_still_used(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HTTPS_PROXY still routes ARM reads (a dead proxy fails them); NO_PROXY still exempts."""
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # discard port: nothing listens
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    backend = AzureBackend(make_settings(emu).azure, retry_total=0)
    try:
        with pytest.raises(UnavailableError):
            await backend.list_groups()
    finally:
        await backend.close()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    backend = AzureBackend.from_settings(make_settings(emu))
    try:
        assert len(await backend.list_groups()) == 350
    finally:
        await backend.close()
