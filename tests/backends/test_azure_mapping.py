"""ARM payloads, read through the real SDK models, map to the neutral model without secrets."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from acitui.backends.azure.mapping import map_group, map_subscription, resource_group_of
from acitui.model import ContainerStatus, GroupState

SDK = __import__("azure.mgmt.containerinstance.models", fromlist=["ContainerGroup"])

GROUP_ID = (
    "/subscriptions/0000/resourceGroups/Prod-RG/providers/"
    "Microsoft.ContainerInstance/containerGroups/web"
)

PAYLOAD: dict[str, Any] = {
    "id": GROUP_ID,
    "name": "web",
    "type": "Microsoft.ContainerInstance/containerGroups",
    "location": "westeurope",
    "tags": {"team": "payments"},
    "properties": {
        "provisioningState": "Succeeded",
        "sku": "Standard",
        "osType": "Linux",
        "restartPolicy": "OnFailure",
        "ipAddress": {
            "ip": "20.1.2.3",
            "type": "Public",
            "ports": [{"port": 80, "protocol": "TCP"}],
            "dnsNameLabel": "web-demo",
            "fqdn": "web-demo.westeurope.azurecontainer.io",
        },
        "imageRegistryCredentials": [{"server": "myregistry.azurecr.io", "username": "bot"}],
        "diagnostics": {"logAnalytics": {"workspaceId": "ws-123"}},
        "volumes": [
            {"name": "share", "azureFile": {"shareName": "data", "storageAccountName": "acct"}},
            {"name": "creds", "secret": {}},
            {"name": "src", "gitRepo": {"repository": "https://example.com/r.git"}},
            {"name": "scratch", "emptyDir": {}},
        ],
        "containers": [
            {
                "name": "app",
                "properties": {
                    "image": "nginx:1.25",
                    "command": ["nginx", "-g", "daemon off;"],
                    "ports": [{"port": 80}],
                    "environmentVariables": [
                        {"name": "PLAIN", "value": "visible"},
                        {"name": "DB_PASSWORD"},
                        {"name": "EMPTY", "value": ""},
                    ],
                    "resources": {"requests": {"cpu": 0.5, "memoryInGB": 1.5}},
                    "volumeMounts": [{"name": "share", "mountPath": "/data", "readOnly": True}],
                    "instanceView": {
                        "restartCount": 2,
                        "currentState": {
                            "state": "Running",
                            "startTime": "2026-11-23T04:00:00Z",
                            "detailStatus": "",
                        },
                        "previousState": {
                            "state": "Terminated",
                            "exitCode": 137,
                            "detailStatus": "OOMKilled",
                            "finishTime": "2026-11-23T03:59:00Z",
                        },
                        "events": [
                            {
                                "count": 3,
                                "firstTimestamp": "2026-11-23T03:50:00Z",
                                "lastTimestamp": "2026-11-23T03:59:00Z",
                                "name": "Killing",
                                "message": "Killing container",
                                "type": "Warning",
                            }
                        ],
                    },
                },
            }
        ],
        "instanceView": {
            "state": "Running",
            "events": [{"name": "Scheduled", "message": "placed", "type": "Normal"}],
        },
    },
}


def deserialize(payload: dict[str, Any]) -> Any:
    return SDK.ContainerGroup.deserialize(payload)


def test_full_group_maps_state_network_and_resources() -> None:
    """A detailed read shows the live state, IP, DNS, ports, CPU and memory."""
    group = map_group(deserialize(PAYLOAD))
    assert group.detailed and group.state is GroupState.RUNNING
    assert group.resource_group == "Prod-RG" and group.name == "web"
    assert group.location == "westeurope" and group.restart_policy == "OnFailure"
    assert group.ip_address is not None
    assert group.ip_address.ip == "20.1.2.3" and group.ip_address.type == "Public"
    assert group.ip_address.fqdn == "web-demo.westeurope.azurecontainer.io"
    assert group.ip_address.dns_label == "web-demo"
    assert [p.port for p in group.ip_address.ports] == [80]
    app = group.containers[0]
    assert (app.image, app.cpu, app.memory_gb) == ("nginx:1.25", 0.5, 1.5)
    assert app.command == ("nginx", "-g", "daemon off;")
    assert app.volume_mounts[0].mount_path == "/data" and app.volume_mounts[0].read_only
    assert group.tags == {"team": "payments"}


def test_container_states_restart_count_and_exit_code() -> None:
    """Current and previous states carry the exit code and reason of the last crash."""
    app = map_group(deserialize(PAYLOAD)).containers[0]
    assert app.ready and app.restart_count == 2
    assert app.previous_state is not None
    assert app.previous_state.status is ContainerStatus.TERMINATED
    assert app.previous_state.exit_code == 137
    assert app.previous_state.detail_status == "OOMKilled"
    assert app.current_state is not None and app.current_state.start_time is not None


def test_group_and_container_events_are_both_listed() -> None:
    """Events of the group (no container) and of each container (named) both appear."""
    events = map_group(deserialize(PAYLOAD)).events
    assert {(e.container, e.name) for e in events} == {(None, "Scheduled"), ("app", "Killing")}
    killing = next(e for e in events if e.name == "Killing")
    assert killing.count == 3 and killing.type == "Warning" and killing.last_timestamp is not None


def test_secure_variables_are_name_only() -> None:
    """A name-only variable is secure with no value; an empty plain value stays plain."""
    env = {v.name: v for v in map_group(deserialize(PAYLOAD)).containers[0].environment}
    assert env["PLAIN"].value == "visible" and not env["PLAIN"].secure
    assert env["DB_PASSWORD"].secure and env["DB_PASSWORD"].value is None
    assert env["EMPTY"].value == "" and not env["EMPTY"].secure


def test_secure_value_sent_in_payload_is_never_carried() -> None:
    """Even if a secureValue came back, it is dropped: the variable shows as secure."""
    payload = copy.deepcopy(PAYLOAD)
    env = payload["properties"]["containers"][0]["properties"]["environmentVariables"]
    env.append({"name": "TOKEN", "secureValue": "s3cret"})
    group = map_group(deserialize(payload))
    token = next(v for v in group.containers[0].environment if v.name == "TOKEN")
    assert token.secure and token.value is None
    assert "s3cret" not in repr(group)


def test_volumes_show_share_and_kind_never_keys() -> None:
    """Volumes show share/account, secret as hidden, git repo, and never a storage key."""
    payload = copy.deepcopy(PAYLOAD)
    payload["properties"]["volumes"][0]["azureFile"]["storageAccountKey"] = "KEY=="
    group = map_group(deserialize(payload))
    volumes = {v.name: v for v in group.volumes}
    assert volumes["share"].kind == "azureFile"
    assert volumes["share"].detail == {"share": "data", "account": "acct"}
    assert volumes["creds"].kind == "secret"
    assert volumes["src"].detail["repository"] == "https://example.com/r.git"
    assert volumes["scratch"].kind == "emptyDir"
    assert "KEY==" not in repr(group)


def test_extra_names_registry_and_workspace_with_secrets_hidden() -> None:
    """Registry server and workspace id are shown; their password and key are said to be hidden."""
    extra = map_group(deserialize(PAYLOAD)).extra
    assert extra["sku"] == "Standard"
    assert extra["registries"] == "myregistry.azurecr.io (password hidden)"
    assert extra["log_analytics"] == "ws-123 (key hidden)"


def test_list_shape_without_instance_view_is_not_detailed() -> None:
    """A listed group (no instanceView) is marked not detailed; provisioning says what it can."""
    payload = copy.deepcopy(PAYLOAD)
    del payload["properties"]["instanceView"]
    del payload["properties"]["containers"][0]["properties"]["instanceView"]
    group = map_group(deserialize(payload))
    assert not group.detailed and group.state is GroupState.UNKNOWN
    assert group.containers[0].current_state is None and group.events == ()
    payload["properties"]["provisioningState"] = "Failed"
    assert map_group(deserialize(payload)).state is GroupState.FAILED
    payload["properties"]["provisioningState"] = "Creating"
    assert map_group(deserialize(payload)).state is GroupState.PENDING


def test_stopped_and_succeeded_instance_states() -> None:
    """instanceView.state wins over provisioning: Stopped and Succeeded map through."""
    for raw, state in (("Stopped", GroupState.STOPPED), ("Succeeded", GroupState.SUCCEEDED)):
        payload = copy.deepcopy(PAYLOAD)
        payload["properties"]["instanceView"]["state"] = raw
        assert map_group(deserialize(payload)).state is state


def test_resource_group_from_id() -> None:
    """The resource group is read from the id, whatever its casing."""
    assert resource_group_of(GROUP_ID) == "Prod-RG"
    assert resource_group_of("/subscriptions/x/resourcegroups/rg2/providers/p/q/n") == "rg2"
    assert resource_group_of(None) == ""


def test_subscription_default_flag() -> None:
    """The chosen subscription is flagged as the default one."""
    sdk = __import__("azure.mgmt.resource.subscriptions.models", fromlist=["Subscription"])
    sub = sdk.Subscription({"subscriptionId": "ABC", "displayName": "Dev", "state": "Enabled"})
    mapped = map_subscription(sub, "abc")
    assert (mapped.id, mapped.name, mapped.is_default) == ("ABC", "Dev", True)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key/index path inside a JSON value."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    out = []
    for key, item in items:
        out.append((*prefix, key))
        if isinstance(item, dict | list):
            out += _paths(item, (*prefix, key))
    return out


_ALL_PATHS = _paths(PAYLOAD)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_ALL_PATHS), st.booleans()), max_size=8))
def test_missing_or_null_fields_never_raise(cuts: list[tuple[tuple[Any, ...], bool]]) -> None:
    """Any field of a real payload missing or null: mapping degrades instead of raising."""
    payload = copy.deepcopy(PAYLOAD)
    for path, delete in cuts:
        parent: Any = payload
        try:
            for key in path[:-1]:
                parent = parent[key]
            if delete and isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent[path[-1]] = None
        except (KeyError, IndexError, TypeError):
            continue
    group = map_group(deserialize(payload))
    assert group.state in set(GroupState)
    assert all(v.value is None for c in group.containers for v in c.environment if v.secure)
