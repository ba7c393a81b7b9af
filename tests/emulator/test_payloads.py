"""Reading PUT bodies: anything malformed is a 400 with a message, never a crash."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acitui.emulator.parse import normalize_group
from acitui.emulator.payloads import BadRequest, render_group
from tests.emulator.conftest import group_body

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
KEYS = st.sampled_from(
    [
        "location",
        "properties",
        "containers",
        "osType",
        "restartPolicy",
        "ipAddress",
        "ports",
        "port",
        "resources",
        "requests",
        "cpu",
        "memoryInGB",
        "environmentVariables",
        "name",
        "image",
        "value",
        "secureValue",
        "volumes",
        "command",
    ]
)


def _mutate(body: dict, path: list[str], value: object) -> dict:
    """Replace whatever sits at the first matching key along ``path`` with ``value``."""
    out = copy.deepcopy(body)
    node: object = out
    for key in path:
        if isinstance(node, list) and node:
            node = node[0]
        if not isinstance(node, dict):
            break
        if key not in node:
            node[key] = value
            return out
        if key == path[-1]:
            node[key] = value
            return out
        node = node[key]
    return out


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_arbitrary_json_is_refused_cleanly(body: object) -> None:
    """Random JSON either reads as a group or is refused with a 400 code and message."""
    try:
        normalize_group(body)
    except BadRequest as err:
        assert err.status == 400 and err.code and err.message


@settings(max_examples=400, deadline=None)
@given(st.lists(KEYS, min_size=1, max_size=6), JSON)
def test_damaged_valid_bodies_are_refused_cleanly(path: list[str], value: object) -> None:
    """A valid body with one part replaced by junk is accepted or refused with a 400."""
    body = _mutate(group_body(), path, value)
    try:
        stored = normalize_group(body)
    except BadRequest as err:
        assert err.status == 400 and err.message
        return
    rendered = render_group("/id", "g", stored, "Succeeded", None, None)
    assert rendered["properties"]["containers"]


def _full_body() -> dict:
    body = group_body(
        ipAddress={"type": "Public", "ports": [{"port": 80}], "dnsNameLabel": "x"},
        volumes=[
            {"name": "v", "azureFile": {"shareName": "s", "storageAccountName": "a"}},
            {"name": "s", "secret": {"a": "b"}},
        ],
        imageRegistryCredentials=[{"server": "s", "password": "p"}],
        diagnostics={"logAnalytics": {"workspaceId": "w", "workspaceKey": "k"}},
        initContainers=[{"name": "i", "properties": {"image": "x"}}],
    )
    body["properties"]["containers"][0]["properties"].update(
        environmentVariables=[{"name": "A", "value": "1"}, {"name": "B", "secureValue": "2"}],
        ports=[{"port": 80}],
        volumeMounts=[{"name": "v", "mountPath": "/m"}],
        command=["a", "b"],
    )
    return body


def _paths(node: object, prefix: tuple = ()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


JUNK = [None, 1, -5, True, "x", [], {}, [1], [None], [{}], {"a": 1}, 1e309, float("nan")]


def test_every_part_replaced_by_junk_is_refused_cleanly() -> None:
    """Each part of a full body, replaced by junk of every JSON type, reads or gives a 400."""
    full = _full_body()
    checked = 0
    for path in list(_paths(full))[1:]:
        for junk in JUNK:
            body = copy.deepcopy(full)
            node = body
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = junk
            try:
                stored = normalize_group(body)
            except BadRequest as err:
                assert err.status == 400 and err.message
            else:
                render_group("/id", "g", stored, "Succeeded", "1.2.3.4", None)
            checked += 1
    assert checked > 500


@pytest.mark.parametrize("value", [True, 4, 1.5, "x"])
def test_env_values_become_strings(value: object) -> None:
    """Environment values of any scalar type are stored as strings, as ARM does."""
    body = group_body()
    body["properties"]["containers"][0]["properties"]["environmentVariables"] = [
        {"name": "V", "value": value}
    ]
    env = normalize_group(body)["properties"]["containers"][0]["properties"]
    assert isinstance(env["environmentVariables"][0]["value"], str)
