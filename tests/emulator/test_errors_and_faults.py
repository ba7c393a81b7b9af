"""ARM-shaped errors and fault injection, seen through the real SDK's retry policy."""

from __future__ import annotations

import os
import time

import pytest
from azure.core.exceptions import (
    ClientAuthenticationError,
    HttpResponseError,
    ResourceNotFoundError,
    ServiceRequestError,
)

from acitui.emulator import Emulator
from tests.emulator.conftest import group_body, make_client, raw_request

pytestmark = pytest.mark.azure


def _groups_path(emu: Emulator) -> str:
    return (
        f"/subscriptions/{emu.subscription_id}/providers/Microsoft.ContainerInstance/"
        "containerGroups?api-version=2023-05-01"
    )


def test_no_token_is_401_with_arm_error(emu: Emulator) -> None:
    """A request without the bearer token is refused 401 with an ARM error body."""
    status, _, body = raw_request(emu, "GET", _groups_path(emu), token=None)
    assert status == 401
    assert body["error"]["code"] == "AuthenticationFailed"
    status, _, body = raw_request(emu, "GET", _groups_path(emu), token="wrong")
    assert (status, body["error"]["code"]) == (401, "InvalidAuthenticationToken")


async def test_wrong_token_is_client_authentication_error(emu: Emulator) -> None:
    """The SDK raises ClientAuthenticationError for a token the emulator does not know."""
    async with make_client(emu, token="not-the-token") as client:
        with pytest.raises(ClientAuthenticationError) as caught:
            await client.container_groups.get("rg", "g")
    assert caught.value.status_code == 401


async def test_not_found_codes(emu: Emulator, client) -> None:
    """Missing group, resource group and container give 404 with ARM's codes."""
    emu.put_group("rg", "g", group_body())
    with pytest.raises(ResourceNotFoundError) as group:
        await client.container_groups.get("rg", "nope")
    with pytest.raises(ResourceNotFoundError) as rg:
        await client.container_groups.get("no-rg", "g")
    with pytest.raises(ResourceNotFoundError):
        await client.containers.list_logs("rg", "g", "no-container")
    assert group.value.error.code == "ResourceNotFound"
    assert "containerGroups/nope'" in group.value.error.message
    assert rg.value.error.code == "ResourceGroupNotFound"


def test_wrong_subscription_and_missing_api_version(emu: Emulator) -> None:
    """An unknown subscription is 404 SubscriptionNotFound; no api-version is 400."""
    path = (
        "/subscriptions/11111111-0000-0000-0000-000000000000/resourcegroups?api-version=2021-04-01"
    )
    status, _, body = raw_request(emu, "GET", path)
    assert (status, body["error"]["code"]) == (404, "SubscriptionNotFound")
    status, _, body = raw_request(emu, "GET", _groups_path(emu).split("?")[0])
    assert (status, body["error"]["code"]) == (400, "MissingApiVersionParameter")


def test_throttle_answers_429_with_retry_after(emu: Emulator) -> None:
    """A throttled request gets 429, an ARM error and a Retry-After header."""
    emu.faults.throttle(1, retry_after=3)
    status, headers, body = raw_request(emu, "GET", _groups_path(emu))
    assert status == 429
    assert headers["Retry-After"] == "3"
    assert body["error"]["code"] == "TooManyRequests"
    assert raw_request(emu, "GET", _groups_path(emu))[0] == 200


async def test_sdk_waits_retry_after_then_succeeds(emu: Emulator, client) -> None:
    """The SDK honours Retry-After: one 429 costs about one second, then the call works."""
    emu.put_group("rg", "g", group_body())
    emu.faults.throttle(1, retry_after=1)
    started = time.monotonic()
    got = await client.container_groups.get("rg", "g")
    assert got.name == "g"
    assert time.monotonic() - started >= 0.9
    assert emu.request_log[("GET", "group")] == 2


async def test_permanent_throttle_becomes_an_error(emu: Emulator, client) -> None:
    """A 429 that never ends surfaces as HttpResponseError 429 after the SDK's retries."""
    emu.faults.throttle(50, retry_after=1, routes={"logs"})
    emu.put_group("rg", "g", group_body())
    with pytest.raises(HttpResponseError) as caught:
        await client.containers.list_logs("rg", "g", "app")
    assert caught.value.status_code == 429
    assert (await client.container_groups.get("rg", "g")).name == "g"  # other routes unaffected


async def test_500_and_dropped_connections_are_retried(emu: Emulator, client) -> None:
    """A 500 and a dropped connection are retried by the SDK and the call still succeeds."""
    emu.put_group("rg", "g", group_body())
    emu.faults.fail(1, status=500)
    emu.faults.drop(1)
    assert (await client.container_groups.get("rg", "g")).name == "g"
    assert emu.faults.pending == 0
    assert emu.faults.injected == 2


def test_forbidden_fault_is_authorization_failed(emu: Emulator) -> None:
    """fail(status=403) answers ARM's AuthorizationFailed, as for a reader-only identity."""
    emu.faults.fail(1, status=403)
    status, _, body = raw_request(emu, "GET", _groups_path(emu))
    assert (status, body["error"]["code"]) == (403, "AuthorizationFailed")


def test_latency_delays_every_request(emu: Emulator) -> None:
    """faults.latency adds that delay to each request."""
    emu.faults.latency = 0.3
    started = time.monotonic()
    raw_request(emu, "GET", _groups_path(emu))
    assert time.monotonic() - started >= 0.3
    emu.faults.latency = 0
    started = time.monotonic()
    raw_request(emu, "GET", _groups_path(emu))
    assert time.monotonic() - started < 0.3


def test_every_nth_request_fails(emu: Emulator) -> None:
    """fail_every=3 turns every third request into a 500."""
    emu.faults.fail_every = 3
    statuses = [raw_request(emu, "GET", _groups_path(emu))[0] for _ in range(6)]
    assert statuses == [200, 200, 500, 200, 200, 500]


def test_stop_is_prompt_and_idempotent() -> None:
    """stop() returns quickly, can be called twice, and removes the CA file."""
    emu = Emulator().start()
    ca = emu.ca_file
    raw_request(emu, "GET", _groups_path(emu))  # leave a keep-alive connection behind
    started = time.monotonic()
    emu.stop()
    emu.stop()
    assert time.monotonic() - started < 1.0
    assert not os.path.exists(ca)
    assert not emu.running


async def test_restarted_emulator_serves_the_same_clients_again() -> None:
    """After an outage (stop, start) the same endpoint and CA path serve an existing client."""
    emu = Emulator().start()
    try:
        emu.put_group("rg", "g", group_body())
        endpoint, ca = emu.endpoint, emu.ca_file
        async with make_client(emu) as client:
            assert (await client.container_groups.get("rg", "g")).name == "g"
            emu.stop(keep_ca=True)
            with pytest.raises(ServiceRequestError):
                await client.container_groups.get("rg", "g", retry_total=0)
            emu.start()
            assert (emu.endpoint, emu.ca_file) == (endpoint, ca)
            assert (await client.container_groups.get("rg", "g")).name == "g"
    finally:
        emu.stop()


async def test_latency_spike_hits_only_the_chosen_route(emu: Emulator, client) -> None:
    """slow(1, s, routes) delays one request on that route; others stay fast."""
    emu.put_group("rg", "g", group_body())
    emu.faults.slow(1, 0.5, routes={"logs"})
    started = time.monotonic()
    await client.container_groups.get("rg", "g")
    assert time.monotonic() - started < 0.4
    started = time.monotonic()
    await client.containers.list_logs("rg", "g", "app")
    assert time.monotonic() - started >= 0.5
    started = time.monotonic()
    await client.containers.list_logs("rg", "g", "app")
    assert time.monotonic() - started < 0.4
