"""Azure lists mapped from raw ARM JSON equal the SDK's reading of the same answer."""

from __future__ import annotations

import json
import ssl
import urllib.request
from typing import Any

from azure.mgmt.containerinstance import models
from azure.mgmt.containerinstance._serialization import Deserializer

from acitui.backends.azure.mapping import map_group
from acitui.backends.azure.raw_list import Node, shape_problem
from acitui.emulator import Emulator
from acitui.emulator.demo import seed_full_demo


def listing(emu: Emulator, api_version: str) -> list[dict[str, Any]]:
    url = (
        f"{emu.endpoint}/subscriptions/{emu.subscription_id}/providers/"
        f"Microsoft.ContainerInstance/containerGroups?api-version={api_version}"
    )
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {emu.token}"})
    context = ssl.create_default_context(cafile=emu.ca_file)
    with urllib.request.urlopen(request, context=context) as resp:
        values: list[dict[str, Any]] = json.load(resp)["value"]
    return values


def test_demo_fleet_maps_the_same_from_json_as_from_sdk_models() -> None:
    """Every demo group (ports, env, volumes, init containers, states) maps identically."""
    deserialize = Deserializer({k: v for k, v in vars(models).items() if isinstance(v, type)})
    with Emulator(seed=seed_full_demo, groups=40) as emu:
        values = listing(emu, "2023-05-01")
    assert len(values) > 40
    for raw in values:
        assert shape_problem(raw) == ""
        sdk = map_group(deserialize("ContainerGroup", raw))
        assert map_group(Node(raw)) == sdk, raw.get("name")


def test_casing_drift_and_flattened_properties_read_like_the_sdk() -> None:
    """`memoryInGb` reads as memoryInGB, and a top-level key wins over `properties`."""
    raw = {
        "name": "web",
        "id": "/subscriptions/s/resourceGroups/rg/providers/x/web",
        "location": "westeurope",
        "properties": {
            "location": "ignored",
            "containers": [
                {
                    "name": "c",
                    "properties": {
                        "image": "nginx",
                        "resources": {"requests": {"cpu": 1, "memoryInGb": "1.5"}},
                    },
                }
            ],
        },
    }
    group = map_group(Node(raw))
    assert group.location == "westeurope" and group.resource_group == "rg"
    assert group.containers[0].memory_gb == 1.5


def test_keys_named_like_node_methods_or_private_never_shadow_them() -> None:
    """A group whose JSON has `items`, `raw`, `_data` keys still maps; missing fields read None."""
    raw = {
        "name": "web",
        "id": "/subscriptions/s/resourceGroups/rg/providers/x/web",
        "items": "x",
        "raw": "y",
        "_data": "z",
        "properties": {"keys": 1, "containers": []},
    }
    node = Node(raw)
    assert node.name == "web" and node.zones is None and node.zones is None
    assert node.raw is raw and dict(node.items())["name"] == "web"
    assert sorted(node.keys())[0] == "_data" and node["items"] == "x"
    assert map_group(node).name == "web"


def test_objects_where_strings_belong_read_as_empty_not_as_a_python_repr() -> None:
    """`"name": {}` or a list as an image never shows `<...Node object at 0x...>` in a cell."""
    raw = {
        "name": {"nested": "x"},
        "id": "/subscriptions/s/resourceGroups/rg/providers/x/web",
        "location": ["westeurope"],
        "properties": {
            "osType": {"a": 1},
            "containers": [{"name": "c", "properties": {"image": {"evil": 1}, "ports": []}}],
        },
    }
    group = map_group(Node(raw))
    text = repr(group)
    assert "object at 0x" not in text and "Node" not in text
    assert group.name == "" and group.location == "" and group.containers[0].image == ""
