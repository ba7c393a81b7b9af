"""Reads through the real Azure SDK: paging, instance views, secrets, logs."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from acitui.emulator import Emulator
from tests.emulator.conftest import group_body, make_client, raw_request

pytestmark = pytest.mark.azure

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z ")


async def test_paging_returns_every_group_across_pages() -> None:
    """A subscription with more groups than one page lists every group exactly once."""
    with Emulator(page_size=20) as emu:
        for i in range(45):
            emu.put_group(f"rg-{i % 3}", f"g-{i:02d}", group_body())
        async with make_client(emu) as client:
            names = [g.name async for g in client.container_groups.list()]
            per_rg = [g.name async for g in client.container_groups.list_by_resource_group("rg-1")]
        pages = emu.request_log[("GET", "groups_by_subscription")]
    assert sorted(names) == [f"g-{i:02d}" for i in range(45)]
    assert len(per_rg) == 15
    assert pages == 3


def test_next_link_is_absolute(emu: Emulator) -> None:
    """nextLink is a full https URL on the emulator, as ARM returns it."""
    for i in range(120):
        emu.put_group("rg", f"g{i}", group_body())
    path = (
        f"/subscriptions/{emu.subscription_id}/providers/"
        "Microsoft.ContainerInstance/containerGroups?api-version=2023-05-01"
    )
    status, _, body = raw_request(emu, "GET", path)
    assert status == 200
    assert len(body["value"]) == 100
    assert body["nextLink"].startswith(emu.endpoint + "/subscriptions/")
    _, _, second = raw_request(emu, "GET", body["nextLink"].removeprefix(emu.endpoint))
    assert len(second["value"]) == 20
    assert "nextLink" not in second


async def test_list_has_no_instance_view_but_get_has(emu: Emulator, client) -> None:
    """Live state, restart counts and events exist only on get, as on Azure."""
    emu.put_group("rg", "web", group_body(("web", "sidecar")))
    listed = [g async for g in client.container_groups.list()]
    assert listed[0].instance_view is None
    assert all(c.instance_view is None for c in listed[0].containers)
    got = await client.container_groups.get("rg", "web")
    assert got.instance_view.state == "Running"
    view = got.containers[0].instance_view
    assert view.restart_count == 0
    assert view.current_state.state == "Running"
    assert view.current_state.start_time is not None
    assert [e.name for e in view.events] == ["Pulling", "Pulled", "Started"]
    assert all(e.count == 1 and e.first_timestamp for e in view.events)


async def test_secrets_come_back_stripped(emu: Emulator, client) -> None:
    """Secure values return as a bare name; registry, storage and workspace keys are omitted."""
    body = group_body(
        volumes=[
            {
                "name": "share",
                "azureFile": {
                    "shareName": "s",
                    "storageAccountName": "acct",
                    "storageAccountKey": "STORAGE-KEY",
                },
            },
            {"name": "certs", "secret": {"tls.key": "U0VDUkVU"}},
        ],
        imageRegistryCredentials=[{"server": "r.io", "username": "u", "password": "REG-PW"}],
        diagnostics={"logAnalytics": {"workspaceId": "w", "workspaceKey": "WS-KEY"}},
    )
    body["properties"]["containers"][0]["properties"]["environmentVariables"] = [
        {"name": "PLAIN", "value": "visible"},
        {"name": "TOKEN", "secureValue": "SECURE-VALUE"},
    ]
    emu.put_group("rg", "sec", body)
    got = await client.container_groups.get("rg", "sec")
    env = {v.name: (v.value, v.secure_value) for v in got.containers[0].environment_variables}
    assert env == {"PLAIN": ("visible", None), "TOKEN": (None, None)}
    assert got.image_registry_credentials[0].password is None
    assert got.volumes[0].azure_file.storage_account_key is None
    assert got.volumes[1].secret == {}
    assert got.diagnostics.log_analytics.workspace_key is None
    listed = [g async for g in client.container_groups.list()]
    raw = str(listed[0].serialize(keep_readonly=True)) + str(got.serialize(keep_readonly=True))
    for secret in ("SECURE-VALUE", "REG-PW", "STORAGE-KEY", "WS-KEY", "U0VDUkVU"):
        assert secret not in raw


async def test_ip_address_has_fqdn_from_dns_label(emu: Emulator, client) -> None:
    """A public group with a DNS label gets an IP and <label>.<region>.azurecontainer.io."""
    emu.put_group(
        "rg",
        "pub",
        group_body(ipAddress={"type": "Public", "ports": [{"port": 80}], "dnsNameLabel": "demo1"}),
    )
    got = await client.container_groups.get("rg", "pub")
    assert got.ip_address.fqdn == "demo1.westeurope.azurecontainer.io"
    assert re.match(r"^\d+\.\d+\.\d+\.\d+$", got.ip_address.ip)
    assert got.ip_address.ports[0].port == 80


async def test_logs_tail_timestamps_and_growth(emu: Emulator, client) -> None:
    """Logs honour tail and timestamps and show lines appended since the last read."""
    emu.put_group("rg", "g", group_body())
    emu.append_logs("rg", "g", "app", ["one", "two", "two", "three"])
    plain = await client.containers.list_logs("rg", "g", "app")
    assert plain.content == "one\ntwo\ntwo\nthree\n"
    tailed = await client.containers.list_logs("rg", "g", "app", tail=2, timestamps=True)
    lines = tailed.content.splitlines()
    assert len(lines) == 2
    assert all(STAMP.match(line) for line in lines)
    assert [STAMP.sub("", line) for line in lines] == ["two", "three"]
    emu.append_logs("rg", "g", "app", ["four"])
    grown = await client.containers.list_logs("rg", "g", "app", tail=2)
    assert grown.content == "three\nfour\n"


async def test_logs_keep_bytes_verbatim(emu: Emulator, client) -> None:
    """The emulator returns escape sequences as the service does: sanitising is the app's job."""
    hostile = "x\x1b]52;c;ZXZpbA==\x07\x1b[2J y"
    emu.put_group("rg", "g", group_body())
    emu.append_logs("rg", "g", "app", [hostile])
    assert (await client.containers.list_logs("rg", "g", "app")).content == hostile + "\n"


async def test_subscription_and_resource_groups_are_listed(emu: Emulator) -> None:
    """The subscriptions and resource-group clients see the emulator's subscription and RGs."""
    from azure.mgmt.resource.resources.aio import ResourceManagementClient
    from azure.mgmt.resource.subscriptions.aio import SubscriptionClient

    from tests.emulator.conftest import StaticToken

    emu.put_group("shop", "g", group_body())
    common = {"base_url": emu.endpoint, "connection_verify": emu.ca_file}
    async with SubscriptionClient(StaticToken(emu.token), **common) as subs:
        found = [s.subscription_id async for s in subs.subscriptions.list()]
        tenants = [t.tenant_id async for t in subs.tenants.list()]
    async with ResourceManagementClient(
        StaticToken(emu.token), emu.subscription_id, **common
    ) as rm:
        await rm.resource_groups.create_or_update("new-rg", {"location": "northeurope"})
        rgs = sorted([rg.name async for rg in rm.resource_groups.list()])
    assert found == [emu.subscription_id]
    assert len(tenants) == 1
    assert rgs == ["new-rg", "shop"]


def test_log_timestamps_increase_even_on_a_frozen_clock(manual_emu: Emulator) -> None:
    """Each appended line gets a later timestamp than the one before, as a real log stream does."""
    manual_emu.put_group("rg", "g", group_body())
    manual_emu.append_logs("rg", "g", "app", ["same", "same"])
    manual_emu.append_logs("rg", "g", "app", ["same"])
    content = manual_emu.store.logs("rg", "g", "app", None, True)
    stamps = [datetime.fromisoformat(line.split(" ", 1)[0]) for line in content.splitlines()]
    assert len(stamps) == 3
    assert stamps == sorted(set(stamps))
