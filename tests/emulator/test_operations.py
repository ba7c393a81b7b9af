"""Writes through the real SDK's pollers: create, start, stop, restart, delete."""

from __future__ import annotations

import json

import pytest
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError

from acitui.emulator import Emulator
from tests.emulator.conftest import group_body, raw_request

pytestmark = pytest.mark.azure

CG = "/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups"


async def test_create_goes_creating_then_running(emu: Emulator, client) -> None:
    """A PUT answers 201 Creating; the poller ends at Succeeded with the group Running."""
    emu.put_resource_group("rg")
    poller = await client.container_groups.begin_create_or_update("rg", "made", group_body())
    created = await poller.result()
    assert created.provisioning_state == "Succeeded"
    got = await client.container_groups.get("rg", "made")
    assert got.instance_view.state == "Running"
    assert [e.name for e in got.containers[0].instance_view.events][-1] == "Started"


def test_put_reads_yaml_style_bodies_liberally(emu: Emulator) -> None:
    """Numbers as strings, key casing drift and integer env values are accepted, as ARM does."""
    emu.put_resource_group("rg")
    body = {
        "Location": "westeurope",
        "properties": {
            "ostype": "linux",
            "restartPolicy": "onFailure",
            "containers": [
                {
                    "name": "app",
                    "properties": {
                        "image": "busybox",
                        "resources": {"requests": {"cpu": ".5", "memoryInGb": "1.5"}},
                        "ports": [{"port": "80"}],
                        "environmentVariables": [{"name": "WORKERS", "value": 4}],
                    },
                }
            ],
            "ipAddress": {"type": "public", "ports": [{"port": "80", "protocol": "tcp"}]},
        },
    }
    path = CG.format(sub=emu.subscription_id) + "/yaml?api-version=2023-05-01"
    status, _, created = raw_request(emu, "PUT", path, body=json.dumps(body).encode())
    assert status == 201
    props = created["properties"]
    container = props["containers"][0]["properties"]
    assert (props["osType"], props["restartPolicy"]) == ("Linux", "OnFailure")
    assert container["resources"]["requests"] == {"cpu": 0.5, "memoryInGB": 1.5}
    assert container["ports"] == [{"protocol": "TCP", "port": 80}]
    assert container["environmentVariables"] == [{"name": "WORKERS", "value": "4"}]
    assert props["ipAddress"]["ports"] == [{"protocol": "TCP", "port": 80}]
    assert props["ipAddress"]["type"] == "Public"


def test_put_answers_201_then_200(emu: Emulator) -> None:
    """Creating answers 201 with provisioningState Creating; a repeat PUT answers 200."""
    emu.put_resource_group("rg")
    path = CG.format(sub=emu.subscription_id) + "/g?api-version=2023-05-01"
    data = json.dumps(group_body()).encode()
    status, _, body = raw_request(emu, "PUT", path, body=data)
    assert (status, body["properties"]["provisioningState"]) == (201, "Creating")
    assert "instanceView" not in body["properties"]
    status, _, _ = raw_request(emu, "PUT", path, body=data)
    assert status == 200


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda b: b.pop("location"), "LocationRequired"),
        (lambda b: b["properties"].pop("containers"), "InvalidRequestContent"),
        (lambda b: b["properties"].update(osType="Solaris"), "InvalidOsType"),
        (lambda b: b["properties"].update(restartPolicy="Sometimes"), "InvalidRestartPolicy"),
    ],
)
async def test_malformed_bodies_get_400(emu: Emulator, client, mutate, code) -> None:
    """A body ARM would refuse gets 400 with an ARM error code the SDK surfaces."""
    emu.put_resource_group("rg")
    body = group_body()
    mutate(body)
    with pytest.raises(HttpResponseError) as caught:
        await client.container_groups.begin_create_or_update("rg", "bad", body)
    assert caught.value.status_code == 400
    assert caught.value.error.code == code


BAD_CPU = group_body()
BAD_CPU["properties"]["containers"][0]["properties"]["resources"]["requests"]["cpu"] = "lots"


@pytest.mark.parametrize("data", [b"{not json", json.dumps(BAD_CPU).encode(), b"[1, 2]"])
def test_unparseable_bodies_get_400(emu: Emulator, data: bytes) -> None:
    """Bodies the SDK would not even send (broken JSON, cpu 'lots') get 400, not a 500."""
    emu.put_resource_group("rg")
    path = CG.format(sub=emu.subscription_id) + "/g?api-version=2023-05-01"
    status, _, body = raw_request(emu, "PUT", path, body=data)
    assert status == 400
    assert body["error"]["code"] == "InvalidRequestContent"
    assert body["error"]["message"]


async def test_stop_then_start_through_poller(emu: Emulator, client) -> None:
    """stop (204) makes the group Stopped; begin_start polls Azure-AsyncOperation to Running."""
    emu.put_group("rg", "g", group_body())
    emu.append_logs("rg", "g", "app", ["before stop"])
    await client.container_groups.stop("rg", "g")
    stopped = await client.container_groups.get("rg", "g")
    assert stopped.instance_view.state == "Stopped"
    assert stopped.containers[0].instance_view.current_state.state == "Terminated"
    poller = await client.container_groups.begin_start("rg", "g")
    assert await poller.result() is None
    started = await client.container_groups.get("rg", "g")
    assert started.instance_view.state == "Running"
    assert (await client.containers.list_logs("rg", "g", "app")).content == ""


async def test_start_answers_202_with_async_operation(emu: Emulator) -> None:
    """start answers 202 + Azure-AsyncOperation; that URL says InProgress, later Succeeded."""
    emu.put_group("rg", "g", group_body())
    emu.store.stop_group("rg", "g")
    base = CG.format(sub=emu.subscription_id) + "/g"
    status, headers, _ = raw_request(emu, "POST", base + "/start?api-version=2023-05-01")
    assert status == 202
    op_path = headers["Azure-AsyncOperation"].removeprefix(emu.endpoint)
    assert raw_request(emu, "GET", op_path)[2]["status"] == "InProgress"
    emu.advance(5)
    assert raw_request(emu, "GET", op_path)[2]["status"] == "Succeeded"


async def test_restart_through_poller_starts_logs_again(emu: Emulator, client) -> None:
    """Restart answers 204 + Azure-AsyncOperation; afterwards the log starts anew."""
    emu.put_group("rg", "g", group_body())
    emu.append_logs("rg", "g", "app", ["old run"])
    status, headers, _ = raw_request(
        emu, "POST", CG.format(sub=emu.subscription_id) + "/g/restart?api-version=2023-05-01"
    )
    assert status == 204 and "Azure-AsyncOperation" in headers
    emu.advance(1)  # the first restart completes
    poller = await client.container_groups.begin_restart("rg", "g")
    await poller.result()
    got = await client.container_groups.get("rg", "g")
    assert got.containers[0].instance_view.current_state.state == "Running"
    names = [e.name for e in got.containers[0].instance_view.events]
    assert "Killing" in names
    killing = next(e for e in got.containers[0].instance_view.events if e.name == "Killing")
    assert killing.count == 2  # two restarts: one event with a count, not two events
    assert (await client.containers.list_logs("rg", "g", "app")).content == ""


async def test_delete_answers_200_with_body_and_removes(emu: Emulator, client) -> None:
    """begin_delete finishes; the group is gone and a second delete is a 404."""
    emu.put_group("rg", "g", group_body())
    status, _, body = raw_request(
        emu, "DELETE", CG.format(sub=emu.subscription_id) + "/g?api-version=2023-05-01"
    )
    assert status == 200 and body["name"] == "g"
    emu.put_group("rg", "g2", group_body())
    await (await client.container_groups.begin_delete("rg", "g2")).result()
    with pytest.raises(ResourceNotFoundError):
        await client.container_groups.get("rg", "g2")
    with pytest.raises(ResourceNotFoundError):
        await client.container_groups.begin_delete("rg", "g2")


async def test_conflicts_are_409(emu: Emulator, client) -> None:
    """Starting a running group, or restarting a stopped one, is a 409 the SDK raises."""
    emu.put_group("rg", "g", group_body())
    with pytest.raises(ResourceExistsError) as caught:
        await client.container_groups.begin_start("rg", "g")
    assert caught.value.status_code == 409
    await client.container_groups.stop("rg", "g")
    with pytest.raises(ResourceExistsError):
        await client.container_groups.begin_restart("rg", "g")


async def test_update_changes_tags_only(emu: Emulator, client) -> None:
    """The SDK's update (PATCH) changes tags and leaves the running group alone."""
    emu.put_group("rg", "g", group_body())
    updated = await client.container_groups.update("rg", "g", {"tags": {"team": "web"}})
    assert updated.tags == {"team": "web"}
    got = await client.container_groups.get("rg", "g")
    assert (got.tags, got.instance_view.state) == ({"team": "web"}, "Running")


async def test_start_reruns_a_finished_job(emu: Emulator, client) -> None:
    """Starting a finished (Never, Succeeded) group runs it again, as `az container start` does."""
    emu.put_group("rg", "job", group_body(policy="Never"))
    emu.append_logs("rg", "job", "app", ["first run"])
    emu.exit_container("rg", "job", "app", 0)
    assert (await client.container_groups.get("rg", "job")).instance_view.state == "Succeeded"
    await (await client.container_groups.begin_start("rg", "job")).result()
    rerun = await client.container_groups.get("rg", "job")
    assert rerun.instance_view.state == "Running"
    assert (await client.containers.list_logs("rg", "job", "app")).content == ""
