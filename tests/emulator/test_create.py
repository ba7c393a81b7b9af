"""Create and update through the real SDK's begin_create_or_update: ARM's validation and LRO."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError

from acitui.emulator import Emulator
from tests.emulator.conftest import group_body, raw_request

pytestmark = pytest.mark.azure

CG = "/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups"


def _path(emu: Emulator, name: str) -> str:
    return CG.format(sub=emu.subscription_id) + f"/{name}?api-version=2023-05-01"


def _app(body: dict[str, Any], index: int = 0) -> dict[str, Any]:
    return body["properties"]["containers"][index]["properties"]


def _with_volume(body: dict[str, Any], volume: dict[str, Any]) -> dict[str, Any]:
    body["properties"]["volumes"] = [volume]
    _app(body)["volumeMounts"] = [{"name": volume["name"], "mountPath": "/data"}]
    return body


async def test_create_answers_201_with_async_operation_then_runs(manual_emu: Emulator) -> None:
    """PUT answers 201 Creating with Azure-AsyncOperation; that operation ends when it runs."""
    emu = manual_emu
    emu.put_resource_group("rg")
    status, headers, body = raw_request(
        emu, "PUT", _path(emu, "web"), body=json.dumps(group_body()).encode()
    )
    assert (status, body["properties"]["provisioningState"]) == (201, "Creating")
    op_path = headers["Azure-AsyncOperation"].removeprefix(emu.endpoint)
    assert raw_request(emu, "GET", op_path)[2]["status"] == "InProgress"
    emu.advance(0.5)
    got = emu.get_group("rg", "web")
    assert got["properties"]["provisioningState"] == "Pending"
    emu.advance(1)
    assert raw_request(emu, "GET", op_path)[2]["status"] == "Succeeded"
    assert emu.get_group("rg", "web")["properties"]["instanceView"]["state"] == "Running"


async def test_sdk_create_two_containers_init_and_volume(emu: Emulator, client) -> None:
    """A group with two containers, an init container and an emptyDir volume is created whole."""
    emu.put_resource_group("rg")
    body = group_body(("web", "sidecar"))
    body["properties"]["initContainers"] = [
        {"name": "setup", "properties": {"image": "busybox:1.36", "command": ["true"]}}
    ]
    _with_volume(body, {"name": "shared", "emptyDir": {}})
    created = await (await client.container_groups.begin_create_or_update("rg", "g", body)).result()
    assert created.provisioning_state == "Succeeded"
    assert [c.name for c in created.containers] == ["web", "sidecar"]
    assert [c.name for c in created.init_containers] == ["setup"]
    assert created.volumes[0].name == "shared"
    assert created.containers[0].volume_mounts[0].mount_path == "/data"


async def test_update_keeps_identity_and_ignores_read_only_fields(emu: Emulator, client) -> None:
    """PUT of what GET returned (id, instanceView, fqdn and all) updates the same group."""
    emu.put_resource_group("rg")
    body = group_body(ipAddress={"type": "Public", "ports": [{"port": 80}], "dnsNameLabel": "web"})
    await (await client.container_groups.begin_create_or_update("rg", "web", body)).result()
    first = emu.get_group("rg", "web")
    again = copy.deepcopy(first)
    again["tags"] = {"team": "blue"}
    status, _, answer = raw_request(emu, "PUT", _path(emu, "web"), body=json.dumps(again).encode())
    assert status == 200
    assert "instanceView" not in answer["properties"]
    updated = await client.container_groups.get("rg", "web")
    assert updated.id == first["id"] and updated.tags == {"team": "blue"}
    assert updated.ip_address.ip == first["properties"]["ipAddress"]["ip"]
    assert updated.ip_address.fqdn == "web.westeurope.azurecontainer.io"
    assert updated.instance_view.state == "Running"


async def test_update_with_new_image_redeploys_same_name(emu: Emulator, client) -> None:
    """Changing a container's image redeploys the group under the same name and address."""
    emu.put_resource_group("rg")
    body = group_body(ipAddress={"type": "Public", "ports": [{"port": 80}]})
    await (await client.container_groups.begin_create_or_update("rg", "Web", body)).result()
    ip = emu.get_group("rg", "web")["properties"]["ipAddress"]["ip"]
    _app(body)["image"] = "busybox:1.37"
    updated = await (
        await client.container_groups.begin_create_or_update("rg", "web", body)
    ).result()
    assert updated.name == "Web" and updated.containers[0].image == "busybox:1.37"
    assert updated.ip_address.ip == ip
    assert len(emu.store.list_groups("rg")[0]) == 1


async def test_moving_a_group_to_another_location_is_refused(emu: Emulator, client) -> None:
    """A PUT with another location for an existing group is a 409 InvalidResourceLocation."""
    emu.put_resource_group("rg")
    await (await client.container_groups.begin_create_or_update("rg", "g", group_body())).result()
    body = group_body()
    body["location"] = "eastus"
    with pytest.raises(ResourceExistsError) as caught:
        await client.container_groups.begin_create_or_update("rg", "g", body)
    assert caught.value.error.code == "InvalidResourceLocation"
    assert "westeurope" in caught.value.message


async def test_create_in_missing_resource_group_is_404(emu: Emulator, client) -> None:
    """Creating in a resource group that does not exist is ResourceGroupNotFound."""
    with pytest.raises(ResourceNotFoundError) as caught:
        await client.container_groups.begin_create_or_update("nope", "g", group_body())
    assert caught.value.error.code == "ResourceGroupNotFound"


def _rename(index: int, name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda b: b["properties"]["containers"][index].update(name=name)


def _init(name: str, image: str | None = "busybox") -> Callable[[dict[str, Any]], Any]:
    props: dict[str, Any] = {"command": ["true"]}
    if image:
        props["image"] = image
    return lambda b: b["properties"].update(initContainers=[{"name": name, "properties": props}])


def _secret(value: str) -> Callable[[dict[str, Any]], Any]:
    return lambda b: _with_volume(b, {"name": "s", "secret": {"key": value}})


INVALID: list[tuple[str, Callable[[dict[str, Any]], Any], str, str]] = [
    ("-web", lambda b: None, "InvalidContainerGroupName", "-web"),
    ("web", _rename(0, "App_1"), "InvalidContainerName", "App_1"),
    ("web", _rename(1, "one"), "DuplicateContainerName", "one"),
    ("web", _init("one"), "DuplicateContainerName", "initContainers[0]"),
    ("web", _init("setup", None), "InvalidRequestContent", "setup"),
    (
        "web",
        lambda b: _app(b).update(volumeMounts=[{"name": "missing", "mountPath": "/m"}]),
        "InvalidVolumeMount",
        "missing",
    ),
    (
        "web",
        lambda b: _with_volume(b, {"name": "v", "emptyDir": {}, "secret": {}}),
        "InvalidVolume",
        "emptyDir, secret",
    ),
    ("web", _secret("not base64!"), "InvalidSecretVolumeValue", "key"),
    (
        "web",
        lambda b: _app(b)["resources"]["requests"].update(cpu=0),
        "InvalidContainerResourceRequests",
        "cpu",
    ),
    (
        "web",
        lambda b: _app(b)["resources"].update(limits={"cpu": 0.1}),
        "InvalidContainerResourceLimits",
        "limits.cpu",
    ),
    (
        "web",
        lambda b: b["properties"].update(
            ipAddress={"ports": [{"port": 80}], "dnsNameLabel": "a_b"}
        ),
        "InvalidDnsNameLabel",
        "a_b",
    ),
]


@pytest.mark.parametrize(("name", "mutate", "code", "named"), INVALID)
async def test_invalid_groups_get_arm_codes_naming_the_field(
    emu: Emulator, client, name: str, mutate: Callable[[dict[str, Any]], Any], code: str, named: str
) -> None:
    """A group ARM refuses is a 400 with its specific code and a message naming the culprit."""
    emu.put_resource_group("rg")
    body = group_body(("one", "two"))
    mutate(body)
    with pytest.raises(HttpResponseError) as caught:
        await client.container_groups.begin_create_or_update("rg", name, body)
    assert caught.value.status_code == 400
    assert caught.value.error.code == code
    assert named in caught.value.error.message
    assert emu.store.counts()[1] == 0  # nothing was stored


async def test_valid_secret_volume_and_limits_are_accepted(emu: Emulator, client) -> None:
    """Base64 secrets and limits at or above the requests are accepted."""
    emu.put_resource_group("rg")
    body = _secret(base64.b64encode(b"hunter2").decode())(group_body())
    _app(body)["resources"]["limits"] = {"cpu": "1", "memoryInGB": 0.5}
    created = await (await client.container_groups.begin_create_or_update("rg", "g", body)).result()
    assert created.provisioning_state == "Succeeded"


async def test_sdk_models_create_with_secure_env_and_registry(emu: Emulator, client) -> None:
    """A group built from the SDK's own model classes is created; its secrets do not come back."""
    from azure.mgmt.containerinstance import models as m

    emu.put_resource_group("rg")
    group = m.ContainerGroup(
        location="westeurope",
        os_type="Linux",
        restart_policy="OnFailure",
        containers=[
            m.Container(
                name="app",
                image="reg.example.com/app:1",
                resources=m.ResourceRequirements(
                    requests=m.ResourceRequests(memory_in_gb=1, cpu=1)
                ),
                ports=[m.ContainerPort(port=8080)],
                environment_variables=[
                    m.EnvironmentVariable(name="MODE", value="prod"),
                    m.EnvironmentVariable(name="TOKEN", secure_value="t0ken"),
                ],
            )
        ],
        image_registry_credentials=[
            m.ImageRegistryCredential(server="reg.example.com", username="u", password="p4ss")
        ],
        ip_address=m.IpAddress(type="Public", ports=[m.Port(port=8080)], dns_name_label="myapp"),
    )
    poller = await client.container_groups.begin_create_or_update("rg", "myapp", group)
    created = await poller.result()
    assert created.provisioning_state == "Succeeded"
    assert created.ip_address.fqdn == "myapp.westeurope.azurecontainer.io"
    env = {v.name: (v.value, v.secure_value) for v in created.containers[0].environment_variables}
    assert env == {"MODE": ("prod", None), "TOKEN": (None, None)}
    assert created.image_registry_credentials[0].password is None
    got = await client.container_groups.get("rg", "myapp")
    assert got.instance_view.state == "Running" and got.restart_policy == "OnFailure"
