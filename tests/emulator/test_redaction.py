"""Secrets never come back from the emulator, exactly as ARM leaves them out of a GET."""

from __future__ import annotations

import base64
import json

import pytest

from acitui.emulator import Emulator
from tests.emulator.conftest import group_body, raw_request

pytestmark = pytest.mark.azure

SECRETS = ("s3cret-env", "registry-pass", "storage-key==", "workspace-key", "aHVudGVyMg==")


def secret_body() -> dict:
    """A group carrying one of every secret ARM redacts."""
    body = group_body(
        imageRegistryCredentials=[
            {"server": "reg.example.com", "username": "bot", "password": "registry-pass"}
        ],
        volumes=[
            {
                "name": "share",
                "azureFile": {
                    "shareName": "data",
                    "storageAccountName": "acct",
                    "storageAccountKey": "storage-key==",
                },
            },
            {"name": "creds", "secret": {"token": "aHVudGVyMg=="}},
        ],
        diagnostics={"logAnalytics": {"workspaceId": "ws-1", "workspaceKey": "workspace-key"}},
        initContainers=[
            {
                "name": "setup",
                "properties": {
                    "image": "busybox",
                    "environmentVariables": [{"name": "INIT_PW", "secureValue": "s3cret-env"}],
                },
            }
        ],
    )
    app = body["properties"]["containers"][0]["properties"]
    app["environmentVariables"] = [
        {"name": "MODE", "value": "prod"},
        {"name": "DB_PASSWORD", "secureValue": "s3cret-env"},
    ]
    app["volumeMounts"] = [
        {"name": "share", "mountPath": "/share"},
        {"name": "creds", "mountPath": "/creds"},
    ]
    return body


async def test_sdk_get_shows_no_secret(emu: Emulator, client) -> None:
    """get via the SDK: secure env by name only, no password, key or secret volume content."""
    emu.put_resource_group("rg")
    await (await client.container_groups.begin_create_or_update("rg", "g", secret_body())).result()
    got = await client.container_groups.get("rg", "g")
    env = {v.name: (v.value, v.secure_value) for v in got.containers[0].environment_variables}
    assert env == {"MODE": ("prod", None), "DB_PASSWORD": (None, None)}
    assert got.init_containers[0].environment_variables[0].name == "INIT_PW"
    assert got.init_containers[0].environment_variables[0].secure_value is None
    assert got.image_registry_credentials[0].username == "bot"
    assert got.image_registry_credentials[0].password is None
    share = next(v for v in got.volumes if v.name == "share")
    assert share.azure_file.share_name == "data" and share.azure_file.storage_account_key is None
    assert next(v for v in got.volumes if v.name == "creds").secret in ({}, None)
    assert got.diagnostics.log_analytics.workspace_id == "ws-1"
    assert got.diagnostics.log_analytics.workspace_key is None


@pytest.mark.parametrize("method", ["PUT", "GET", "LIST", "DELETE"])
async def test_no_answer_carries_a_secret(emu: Emulator, method: str) -> None:
    """PUT's answer, GET, list and DELETE's answer: no secret value anywhere in the JSON."""
    emu.put_resource_group("rg")
    base = (
        f"/subscriptions/{emu.subscription_id}/resourceGroups/rg/providers/"
        "Microsoft.ContainerInstance/containerGroups"
    )
    put = raw_request(
        emu, "PUT", base + "/g?api-version=2023-05-01", body=json.dumps(secret_body()).encode()
    )
    path = base + ("" if method == "LIST" else "/g") + "?api-version=2023-05-01"
    status, _, answer = (
        put if method == "PUT" else raw_request(emu, method.replace("LIST", "GET"), path)
    )
    assert status in (200, 201)
    text = json.dumps(answer)
    assert not [s for s in SECRETS if s in text]
    group = answer["value"][0] if method == "LIST" else answer
    volumes = {v["name"]: v for v in group["properties"]["volumes"]}
    assert volumes["creds"] == {"name": "creds", "secret": {}}
    env = group["properties"]["containers"][0]["properties"]["environmentVariables"]
    assert env[1] == {"name": "DB_PASSWORD"}


def test_secrets_are_kept_inside(emu: Emulator) -> None:
    """The stored group still has every secret: redaction is on the way out only."""
    emu.put_resource_group("rg")
    body = secret_body()
    status, _, _ = raw_request(
        emu,
        "PUT",
        f"/subscriptions/{emu.subscription_id}/resourceGroups/rg/providers/"
        "Microsoft.ContainerInstance/containerGroups/g?api-version=2023-05-01",
        body=json.dumps(body).encode(),
    )
    assert status == 201
    spec = emu.store.container_spec("rg", "g", "app")
    env = {v["name"]: v for v in spec["container"]["properties"]["environmentVariables"]}
    assert env["DB_PASSWORD"]["secureValue"] == "s3cret-env"
    creds = next(v for v in spec["group"]["properties"]["volumes"] if v["name"] == "creds")
    assert base64.b64decode(creds["secret"]["token"]) == b"hunter2"


def test_key_vault_references_are_not_secrets() -> None:
    """A secureValueReference or passwordReference stays: it names a secret, it is not one."""
    from acitui.emulator.redact import redact_properties

    props = {
        "containers": [
            {
                "name": "app",
                "properties": {
                    "environmentVariables": [
                        {"name": "K", "secureValue": "x", "secureValueReference": "kv-ref"}
                    ]
                },
            }
        ],
        "imageRegistryCredentials": [
            {"server": "r", "password": "p", "passwordReference": "kv-pw"}
        ],
        "extensions": [{"name": "e", "properties": {"protectedSettings": {"k": "v"}}}],
    }
    out = redact_properties(props)
    assert out["containers"][0]["properties"]["environmentVariables"] == [
        {"name": "K", "secureValueReference": "kv-ref"}
    ]
    assert out["imageRegistryCredentials"] == [{"server": "r", "passwordReference": "kv-pw"}]
    assert out["extensions"] == [{"name": "e", "properties": {}}]
    assert props["containers"][0]["properties"]["environmentVariables"][0]["secureValue"] == "x"
