"""ARM container group models → acitui's neutral model.

Pure functions over the SDK's model objects (or anything shaped like them):
every field may be missing or None, and nothing here raises for it. Secrets
ARM strips (secure values, storage and workspace keys, registry passwords,
secret volume contents) are never read and never carried over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from acitui.backends.azure.mapping_newer import (
    identity_names,
    newer_extra,
    ngroup_of,
    profile_of,
    secret_references,
)
from acitui.model import (
    Container,
    ContainerGroup,
    ContainerState,
    ContainerStatus,
    EnvVar,
    Event,
    GroupState,
    IpAddress,
    Port,
    ResourceGroup,
    Subscription,
    Volume,
    VolumeMount,
)

_GROUP_STATES = {state.value.lower(): state for state in GroupState}
_GROUP_STATES.update({"stopping": GroupState.PENDING, "starting": GroupState.PENDING})
#: Provisioning states that say something about the group when instanceView is absent.
_PROVISIONING = {
    "pending": GroupState.PENDING,
    "creating": GroupState.PENDING,
    "updating": GroupState.PENDING,
    "repairing": GroupState.PENDING,
    "failed": GroupState.FAILED,
    "canceled": GroupState.FAILED,
    "stopped": GroupState.STOPPED,
}
_CONTAINER_STATES = {state.value.lower(): state for state in ContainerStatus}


def _str(value: Any) -> str:
    """A string field's text; an object or list where ARM should send a string reads as empty
    (never the Python repr of a mapping node)."""
    if isinstance(value, Enum):
        value = value.value
    return str(value) if isinstance(value, str | int | float) else ""


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, Iterable) and not isinstance(value, str | bytes) else []


def _int(value: Any) -> int | None:
    try:
        return None if value is None or isinstance(value, bool) else int(value)
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    try:
        return None if value is None or isinstance(value, bool) else float(value)
    except (TypeError, ValueError):
        return None


def _when(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            return _when(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


def _tags(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {str(k): _str(v) for k, v in value.items()}


def resource_group_of(resource_id: str | None) -> str:
    """The resource group named in an ARM id (``/subscriptions/…/resourceGroups/RG/…``)."""
    parts = _str(resource_id).split("/")
    for i, part in enumerate(parts[:-1]):
        if part.lower() == "resourcegroups":
            return parts[i + 1]
    return ""


def map_ports(ports: Any) -> tuple[Port, ...]:
    out = []
    for port in _list(ports):
        number = _int(getattr(port, "port", None))
        if number is not None:
            out.append(Port(number, _str(getattr(port, "protocol", None)).upper() or "TCP"))
    return tuple(out)


def map_env(variables: Any) -> tuple[EnvVar, ...]:
    """Plain values are kept; a secure or name-only variable has no value, ever."""
    out = []
    for var in _list(variables):
        name = _str(getattr(var, "name", None))
        if not name:
            continue
        value = getattr(var, "value", None)
        reference = _str(getattr(var, "secure_value_reference", None))
        secure = getattr(var, "secure_value", None) is not None or value is None or bool(reference)
        out.append(
            EnvVar(name, None if secure else _str(value), secure=secure, reference=reference)
        )
    return tuple(out)


def map_state(state: Any) -> ContainerState | None:
    if state is None:
        return None
    raw = _str(getattr(state, "state", None))
    return ContainerState(
        status=_CONTAINER_STATES.get(raw.lower(), ContainerStatus.UNKNOWN),
        detail_status=_str(getattr(state, "detail_status", None)),
        exit_code=_int(getattr(state, "exit_code", None)),
        start_time=_when(getattr(state, "start_time", None)),
        finish_time=_when(getattr(state, "finish_time", None)),
    )


def map_events(events: Any, container: str | None) -> list[Event]:
    out = []
    for event in _list(events):
        count = _int(getattr(event, "count", None))
        out.append(
            Event(
                container=container,
                type=_str(getattr(event, "type", None)) or "Normal",
                name=_str(getattr(event, "name", None)),
                message=_str(getattr(event, "message", None)),
                count=count if count is not None else 1,
                first_timestamp=_when(getattr(event, "first_timestamp", None)),
                last_timestamp=_when(getattr(event, "last_timestamp", None)),
            )
        )
    return out


def map_container(container: Any) -> Container:
    """A container or init container, with its live state when the read carried it."""
    view = getattr(container, "instance_view", None)
    requests = getattr(getattr(container, "resources", None), "requests", None)
    mounts = tuple(
        VolumeMount(
            _str(getattr(m, "name", None)),
            _str(getattr(m, "mount_path", None)),
            bool(getattr(m, "read_only", False)),
        )
        for m in _list(getattr(container, "volume_mounts", None))
    )
    return Container(
        name=_str(getattr(container, "name", None)),
        image=_str(getattr(container, "image", None)),
        command=tuple(_str(part) for part in _list(getattr(container, "command", None))),
        cpu=_float(getattr(requests, "cpu", None)),
        memory_gb=_float(getattr(requests, "memory_in_gb", None)),
        ports=map_ports(getattr(container, "ports", None)),
        environment=map_env(getattr(container, "environment_variables", None)),
        volume_mounts=mounts,
        current_state=map_state(getattr(view, "current_state", None)),
        previous_state=map_state(getattr(view, "previous_state", None)),
        restart_count=_int(getattr(view, "restart_count", None)),
    )


def map_volume(volume: Any) -> Volume:
    """Displayable facts only: a share and its account, never the storage key."""
    name = _str(getattr(volume, "name", None))
    azure_file = getattr(volume, "azure_file", None)
    if azure_file is not None:
        detail = {
            "share": _str(getattr(azure_file, "share_name", None)),
            "account": _str(getattr(azure_file, "storage_account_name", None)),
        }
        if getattr(azure_file, "read_only", None):
            detail["read_only"] = "true"
        key_ref = _str(getattr(azure_file, "storage_account_key_reference", None))
        if key_ref:
            detail["key"] = f"Key Vault reference {key_ref}"
        return Volume(name, "azureFile", detail)
    git_repo = getattr(volume, "git_repo", None)
    if git_repo is not None:
        detail = {
            key: _str(getattr(git_repo, attr, None))
            for key, attr in (("repository", "repository"), ("revision", "revision"))
            if getattr(git_repo, attr, None)
        }
        if getattr(git_repo, "directory", None):
            detail["directory"] = _str(git_repo.directory)
        return Volume(name, "gitRepo", detail)
    secret_ref = _str(getattr(volume, "secret_reference", None))
    if secret_ref:
        return Volume(name, "secret", {"contents": f"Key Vault reference {secret_ref}"})
    if getattr(volume, "secret", None) is not None:
        return Volume(name, "secret", {"contents": "hidden"})
    if getattr(volume, "empty_dir", None) is not None:
        return Volume(name, "emptyDir")
    return Volume(name, "unknown")


def group_state(group: Any) -> GroupState:
    """instanceView.state when the read carried it, else what provisioningState implies."""
    view = getattr(group, "instance_view", None)
    state = _str(getattr(view, "state", None)).lower()
    if state in _GROUP_STATES:
        return _GROUP_STATES[state]
    provisioning = _str(getattr(group, "provisioning_state", None)).lower()
    return _PROVISIONING.get(provisioning, GroupState.UNKNOWN)


def _extra(group: Any) -> dict[str, str]:
    extra: dict[str, str] = {}
    sku = getattr(group, "sku", None)
    if sku:
        extra["sku"] = _str(sku)
    priority = getattr(group, "priority", None)
    if priority:
        extra["priority"] = _str(priority)
    zones = _list(getattr(group, "zones", None))
    if zones:
        extra["zones"] = ",".join(_str(z) for z in zones)
    identity = getattr(group, "identity", None)
    if identity is not None and getattr(identity, "type", None):
        extra["identity"] = _str(identity.type)
    credentials = _list(getattr(group, "image_registry_credentials", None))
    servers = [_str(getattr(cred, "server", None)) for cred in credentials]
    if any(servers):
        extra["registries"] = ", ".join(s for s in servers if s) + " (password hidden)"
    references = [
        f"{_str(cred.server)}: Key Vault reference {_str(cred.password_reference)}"
        for cred in credentials
        if getattr(cred, "server", None) and getattr(cred, "password_reference", None)
    ]
    if references:
        extra["registry_passwords"] = ", ".join(references)
    extra.update(newer_extra(group))
    subnets = _list(getattr(group, "subnet_ids", None))
    if subnets:
        extra["subnets"] = ", ".join(_str(getattr(s, "id", None)) for s in subnets)
    log_analytics = getattr(getattr(group, "diagnostics", None), "log_analytics", None)
    if log_analytics is not None:
        workspace = _str(getattr(log_analytics, "workspace_id", None))
        extra["log_analytics"] = f"{workspace} (key hidden)".strip()
    return extra


def group_problem(group: Any) -> str:
    """Why ``group`` cannot be a container group ARM sent ("" when it can be one)."""
    if group is None:
        return "no container group in the answer"
    name = getattr(group, "name", None)
    if not isinstance(name, str) or not name.strip():
        return "a container group without a name"
    if not resource_group_of(getattr(group, "id", None)):
        return f"container group {name[:80]!r} has no resource group in its id"
    return ""


def map_group(group: Any, *, detailed: bool | None = None) -> ContainerGroup:
    """One ARM container group. ``detailed`` defaults to whether instanceView was present."""
    view = getattr(group, "instance_view", None)
    containers = tuple(map_container(c) for c in _list(getattr(group, "containers", None)))
    inits = tuple(map_container(c) for c in _list(getattr(group, "init_containers", None)))
    events = map_events(getattr(view, "events", None), None)
    for container, raw in zip(
        containers + inits,
        _list(getattr(group, "containers", None)) + _list(getattr(group, "init_containers", None)),
        strict=False,
    ):
        raw_view = getattr(raw, "instance_view", None)
        events += map_events(getattr(raw_view, "events", None), container.name)
    ip = getattr(group, "ip_address", None)
    ip_address = None
    if ip is not None:
        ip_address = IpAddress(
            ip=getattr(ip, "ip", None) or None,
            type=_str(getattr(ip, "type", None)) or "Private",
            ports=map_ports(getattr(ip, "ports", None)),
            fqdn=getattr(ip, "fqdn", None) or None,
            dns_label=getattr(ip, "dns_name_label", None) or None,
        )
    resource_id = _str(getattr(group, "id", None))
    return ContainerGroup(
        name=_str(getattr(group, "name", None)),
        resource_group=resource_group_of(resource_id),
        state=group_state(group),
        location=_str(getattr(group, "location", None)),
        provisioning_state=_str(getattr(group, "provisioning_state", None)),
        os_type=_str(getattr(group, "os_type", None)) or "Linux",
        restart_policy=_str(getattr(group, "restart_policy", None)) or "Always",
        ip_address=ip_address,
        containers=containers,
        init_containers=inits,
        volumes=tuple(map_volume(v) for v in _list(getattr(group, "volumes", None))),
        tags=_tags(getattr(group, "tags", None)),
        events=tuple(events),
        detailed=view is not None if detailed is None else detailed,
        id=resource_id,
        extra=_extra(group),
        ngroup=ngroup_of(group),
        profile=profile_of(group),
        priority=_str(getattr(group, "priority", None)),
        sku=_str(getattr(group, "sku", None)),
        zones=tuple(_str(z) for z in _list(getattr(group, "zones", None))),
        identity=identity_names(getattr(group, "identity", None)),
        secret_references=secret_references(group),
        created=_when(getattr(getattr(group, "system_data", None), "created_at", None)),
    )


def map_resource_group(group: Any) -> ResourceGroup:
    return ResourceGroup(
        name=_str(getattr(group, "name", None)),
        location=_str(getattr(group, "location", None)),
        tags=_tags(getattr(group, "tags", None)),
    )


def map_subscription(sub: Any, default_id: str = "") -> Subscription:
    sub_id = _str(getattr(sub, "subscription_id", None))
    return Subscription(
        id=sub_id,
        name=_str(getattr(sub, "display_name", None)) or sub_id,
        state=_str(getattr(sub, "state", None)) or "Enabled",
        is_default=bool(default_id) and sub_id.lower() == default_id.lower(),
    )
