"""The demo fleet: every state the app must show, live logs, and settings for --demo."""

from __future__ import annotations

import asyncio
import time

import pytest

from acitui.config import Settings
from acitui.emulator import Emulator
from acitui.emulator.demo import start_demo
from tests.emulator.conftest import make_client

pytestmark = pytest.mark.azure


async def _states(emu: Emulator) -> dict[str, tuple[str, list]]:
    async with make_client(emu) as client:
        out = {}
        async for listed in client.container_groups.list():
            rg = listed.id.split("/")[4]
            got = await client.container_groups.get(rg, listed.name)
            out[listed.name] = (got.instance_view.state, got.containers)
        return out


async def test_demo_fleet_shows_every_state() -> None:
    """The demo has running, crash-looping, OOM-killed, done, pulling, Windows, stopped groups."""
    with Emulator(seed="demo", clock="manual", live_logs=False) as emu:
        states = await _states(emu)
        assert {name: state for name, (state, _) in states.items()} == {
            "storefront": "Running",
            "order-worker": "Running",
            "payments-api": "Running",
            "nightly-report": "Failed",
            "invoice-batch": "Succeeded",
            "ml-inference": "Pending",
            "win-agent": "Running",
            "legacy-cron": "Stopped",
        }
        worker = states["order-worker"][1][0].instance_view
        assert worker.restart_count >= 5
        report = states["nightly-report"][1][0].instance_view.current_state
        assert (report.exit_code, report.detail_status) == (137, "OOMKilled")
        env = {v.name: v for v in states["payments-api"][1][0].environment_variables}
        assert env["STRIPE_API_KEY"].value is None and env["STRIPE_API_KEY"].secure_value is None
        assert "Tr0ub4dor" in env["DATABASE_URL"].value  # a plain secret-looking value, shown
        emu.advance(30)
        assert (await _states(emu))["ml-inference"][0] == "Running"
        async with make_client(emu) as client:
            storefront = await client.container_groups.get("shop-prod", "storefront")
            win = await client.container_groups.get("platform", "win-agent")
            web_log = (await client.containers.list_logs("shop-prod", "storefront", "web")).content
        assert storefront.ip_address.fqdn == "contoso-storefront.westeurope.azurecontainer.io"
        assert [c.name for c in storefront.containers] == ["web", "log-shipper"]
        assert win.os_type == "Windows"
        assert "\x1b]52;" in web_log and "\x1b[2J" in web_log  # must be neutralised by the app


def test_demo_on_a_manual_clock_is_deterministic() -> None:
    """Two demo emulators on the manual clock serve identical groups (stable screenshots)."""
    bodies = []
    for _ in range(2):
        emu = Emulator(seed="demo", clock="manual", live_logs=False)
        bodies.append(
            (
                emu.get_group("shop-prod", "order-worker"),
                emu.store.logs("shop-prod", "storefront", "web", 20, True),
            )
        )
    assert bodies[0] == bodies[1]


async def test_demo_logs_grow_in_real_time() -> None:
    """While the demo emulator runs, the storefront's log keeps growing."""
    _, emu = start_demo(Settings())
    try:
        async with make_client(emu) as client:
            before = (await client.containers.list_logs("shop-prod", "storefront", "web")).content
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                now = (await client.containers.list_logs("shop-prod", "storefront", "web")).content
                if len(now.splitlines()) > len(before.splitlines()):
                    break
                await asyncio.sleep(0.2)
        assert len(now.splitlines()) > len(before.splitlines())
    finally:
        emu.stop()


def test_start_demo_points_azure_settings_at_the_emulator() -> None:
    """start_demo returns Azure settings (endpoint, token, CA, subscription) marked demo."""
    settings, emu = start_demo(Settings(backend="docker"))
    try:
        assert settings.backend == "azure" and settings.demo
        assert settings.azure.arm_endpoint == emu.endpoint
        assert settings.azure.token == emu.token
        assert settings.azure.ca_bundle == emu.ca_file
        assert settings.azure.subscription == emu.subscription_id
        assert emu.token not in repr(settings)
    finally:
        emu.stop()


def test_demo_starts_fast() -> None:
    """A demo emulator is up and serving in well under half a second (CA made once)."""
    Emulator().start().stop()  # warm imports and the process CA
    started = time.perf_counter()
    emu = Emulator(seed="demo").start()
    elapsed = time.perf_counter() - started
    emu.stop()
    assert elapsed < 0.3


def test_demo_worker_keeps_crashing_while_you_watch() -> None:
    """The crash-looping worker restarts again within about a minute, with BackOff bumped."""
    emu = Emulator(seed="demo", clock="manual", live_logs=False)

    def worker() -> dict:
        group = emu.get_group("shop-prod", "order-worker")
        return group["properties"]["containers"][0]["properties"]["instanceView"]

    before = worker()
    emu.advance(70)
    after = worker()
    assert after["restartCount"] > before["restartCount"]
    backoff = {e["name"]: e["count"] for e in after["events"]}["BackOff"]
    assert backoff > {e["name"]: e["count"] for e in before["events"]}["BackOff"]
    assert "InventoryClient" in emu.store.logs("shop-prod", "order-worker", "worker", 50, False)


async def test_full_demo_has_the_2025_fleet() -> None:
    """The full demo adds an NGroup of three, a profile's group, Spot and Confidential groups."""
    from acitui.emulator.demo import seed_full_demo
    from tests.emulator.conftest import raw_request

    with Emulator(seed=seed_full_demo, clock="manual", live_logs=False) as emu:
        async with make_client(emu) as client:  # the 2023-05-01 SDK sees them as plain groups
            names = [
                g.name async for g in client.container_groups.list_by_resource_group("web-fleet")
            ]
        assert len(names) == 6 and {"web-canary", "batch-spot", "vault-confidential"} < set(names)
        sub = f"/subscriptions/{emu.subscription_id}/providers/Microsoft.ContainerInstance"
        aci = sub.replace("/providers/", "/resourceGroups/web-fleet/providers/")
        _, _, page = raw_request(emu, "GET", aci + "/containerGroups?api-version=2026-05-01")
        groups = {g["name"]: g for g in page["value"]}
        members = [g for g in groups.values() if "orchestratorId" in g.get("tags", {})]
        assert len(members) == 3 and all(g["name"].startswith("web-ng-") for g in members)
        assert groups["web-canary"]["properties"]["containerGroupProfile"]["revision"] == 2
        assert groups["web-canary"]["properties"]["isCreatedFromStandbyPool"] is True
        assert groups["batch-spot"]["properties"]["priority"] == "Spot"
        confidential = groups["vault-confidential"]["properties"]
        assert confidential["sku"] == "Confidential"
        assert confidential["confidentialComputeProperties"]["ccePolicy"]
        assert len(confidential["secretReferences"]) == 3
        _, _, ngroups = raw_request(emu, "GET", aci + "/ngroups?api-version=2026-05-01")
        assert ngroups["value"][0]["properties"]["elasticProfile"]["desiredCount"] == 3
        _, _, usage = raw_request(
            emu, "GET", sub + "/locations/westeurope/usages?api-version=2026-05-01"
        )
        cores = next(u for u in usage["value"] if u["name"]["value"] == "StandardCores")
        assert cores["limit"] == 24 and 0 < cores["currentValue"] <= 24
