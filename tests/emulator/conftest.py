"""Fixtures: a fresh emulator per test and the real async Azure SDK pointed at it over HTTPS."""

from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from azure.core.credentials import AccessToken
from azure.mgmt.containerinstance.aio import ContainerInstanceManagementClient

from acitui.emulator import Emulator

pytestmark = pytest.mark.azure


class StaticToken:
    """The smallest AsyncTokenCredential: always the same bearer token."""

    def __init__(self, token: str) -> None:
        self.token = token

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self.token, int(time.time()) + 3600)

    async def close(self) -> None:
        return None

    async def __aenter__(self) -> StaticToken:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


def group_body(
    containers: tuple[str, ...] = ("app",), policy: str = "Always", **props: Any
) -> dict[str, Any]:
    """A minimal valid ARM PUT body."""
    return {
        "location": "westeurope",
        "properties": {
            "osType": "Linux",
            "restartPolicy": policy,
            "containers": [
                {
                    "name": name,
                    "properties": {
                        "image": "busybox:1.36",
                        "resources": {"requests": {"cpu": 0.5, "memoryInGB": 0.5}},
                    },
                }
                for name in containers
            ],
            **props,
        },
    }


def raw_request(
    emu: Emulator, method: str, path: str, token: str | None = "", body: bytes | None = None
) -> tuple[int, dict[str, str], Any]:
    """One HTTPS request without the SDK (to see status, headers and JSON as sent)."""
    context = ssl.create_default_context(cafile=emu.ca_file)
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token or emu.token}"
    request = urllib.request.Request(emu.endpoint + path, body, headers, method=method)
    try:
        with urllib.request.urlopen(request, context=context, timeout=10) as response:
            status, head, data = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        status, head, data = err.code, dict(err.headers), err.read()
    return status, head, json.loads(data) if data else None


def sdk_client(endpoint: str, token: str, subscription: str, ca_file: str, **kwargs: Any):
    """The real async ACI client pointed at an emulator over HTTPS."""
    return ContainerInstanceManagementClient(
        StaticToken(token),
        subscription,
        base_url=endpoint,
        connection_verify=ca_file,
        polling_interval=0.1,
        **kwargs,
    )


def make_client(emu: Emulator, token: str | None = None, **kwargs: Any):
    return sdk_client(emu.endpoint, token or emu.token, emu.subscription_id, emu.ca_file, **kwargs)


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def manual_emu() -> Iterator[Emulator]:
    """An emulator whose clock only moves when the test calls ``advance``."""
    with Emulator(clock="manual") as emulator:
        yield emulator


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[ContainerInstanceManagementClient]:
    async with make_client(emu) as sdk:
        yield sdk
