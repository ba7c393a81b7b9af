"""A live :class:`ContainerGroup` → a re-appliable ACI YAML file or ARM template.

Read-only fields are dropped as ``az container export`` drops them (id, instanceView,
provisioningState, the IP address and FQDN, the default SKU). What ARM never returns —
secure values, registry passwords, storage keys, secret volume contents, Log Analytics
keys — becomes a clearly marked placeholder that validation refuses until filled, so
a naive export → apply can never wipe a secret.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from acitui.model import Container, ContainerGroup, Volume
from acitui.spec.model import (
    ContainerSpec,
    EnvSpec,
    GroupSpec,
    IpSpec,
    MountSpec,
    PortSpec,
    RegistryCredential,
    ResourceSpec,
    VolumeSpec,
    placeholder,
)
from acitui.spec.to_arm import API_VERSION, GROUP_TYPE, to_arm, to_document

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def _container(c: Container) -> ContainerSpec:
    env = tuple(
        EnvSpec(v.name, placeholder(f"secure value of {v.name}"), True)
        if v.secure
        else EnvSpec(v.name, v.value or "")
        for v in c.environment
    )
    return ContainerSpec(
        name=c.name,
        image=c.image,
        command=c.command,
        requests=ResourceSpec(c.cpu, c.memory_gb),
        ports=tuple(PortSpec(p.port, p.protocol) for p in c.ports),
        environment=env,
        volume_mounts=tuple(MountSpec(m.name, m.mount_path, m.read_only) for m in c.volume_mounts),
    )


def _volume(v: Volume) -> VolumeSpec:
    detail = dict(v.detail)
    if v.kind == "azureFile":
        out: dict[str, Any] = {
            "shareName": detail.get("share", ""),
            "storageAccountName": detail.get("account", ""),
            "storageAccountKey": placeholder(f"storage account key for volume {v.name}"),
        }
        if detail.get("read_only") == "true":
            out["readOnly"] = True
        return VolumeSpec(v.name, "azureFile", out)
    if v.kind == "secret":
        key = placeholder(f"file name in secret volume {v.name}")
        return VolumeSpec(v.name, "secret", {key: placeholder("its base64 contents")})
    if v.kind == "gitRepo":
        return VolumeSpec(v.name, "gitRepo", {k: detail[k] for k in sorted(detail)})
    return VolumeSpec(v.name, "emptyDir", {})


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def to_spec(group: ContainerGroup) -> GroupSpec:
    """The desired state a live group implies, secrets replaced by placeholders."""
    extra = dict(group.extra)
    ip = None
    if group.ip_address is not None:
        ip = IpSpec(
            type=group.ip_address.type,
            ports=tuple(PortSpec(p.port, p.protocol) for p in group.ip_address.ports),
            dns_name_label=group.ip_address.dns_label,
        )
    registries = extra.get("registries", "").replace("(password hidden)", "")
    creds = tuple(
        RegistryCredential(
            server,
            username=placeholder(f"registry username for {server}"),
            password=placeholder(f"registry password for {server}"),
        )
        for server in _split(registries)
    )
    diagnostics = None
    if extra.get("log_analytics"):
        workspace = extra["log_analytics"].replace("(key hidden)", "").strip()
        diagnostics = {
            "logAnalytics": {
                "workspaceId": workspace,
                "workspaceKey": placeholder(f"Log Analytics key of workspace {workspace}"),
            }
        }
    identity: dict[str, Any] | None = None
    if extra.get("identity"):
        identity = {"type": extra["identity"]}
        if "userassigned" in extra["identity"].lower():
            identity["userAssignedIdentities"] = {placeholder("user-assigned identity id"): {}}
    sku = extra.get("sku") or None
    extra_top = {"zones": _split(extra["zones"])} if extra.get("zones") else {}
    return GroupSpec(
        name=group.name,
        containers=tuple(_container(c) for c in group.containers),
        init_containers=tuple(_container(c) for c in group.init_containers),
        location=group.location,
        os_type=group.os_type or "Linux",
        restart_policy=group.restart_policy or "Always",
        ip_address=ip,
        volumes=tuple(_volume(v) for v in group.volumes),
        registry_credentials=creds,
        subnet_ids=tuple(_split(extra.get("subnets", ""))),
        diagnostics=diagnostics,
        sku=None if sku is None or sku.lower() == "standard" else sku,
        priority=extra.get("priority") or None,
        identity=identity,
        tags=dict(group.tags),
        extra_top=extra_top,
    )


class _Dumper(yaml.SafeDumper):
    """Block style, insertion order; strings that look like dates or numbers stay quoted."""


def export_yaml(group: ContainerGroup) -> str:
    """ACI YAML for ``az container create --file`` or ``acitui apply -f``."""
    document = to_document(to_spec(group))
    header = (
        "# Exported by acitui. Values marked '<fill in: …>' were not returned by the service:\n"
        "# replace them before applying (apply refuses the file until you do).\n"
    )
    body = yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False
    )
    return header + body


def _escape(value: Any) -> Any:
    """Literal strings starting with '[' are written '[[' so ARM does not evaluate them."""
    if isinstance(value, str):
        return "[" + value if value.startswith("[") else value
    if isinstance(value, list):
        return [_escape(item) for item in value]
    if isinstance(value, dict):
        return {_escape(k): _escape(v) for k, v in value.items()}
    return value


def export_arm(group: ContainerGroup) -> str:
    """An ARM deployment template deploying the group (name and location as parameters)."""
    spec = to_spec(group)
    resource = {
        "type": GROUP_TYPE,
        "apiVersion": API_VERSION,
        "name": "[parameters('containerGroupName')]",
        **_escape(to_arm(spec)),
    }
    resource["location"] = "[parameters('location')]"
    template = {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "parameters": {
            "containerGroupName": {"type": "string", "defaultValue": spec.name},
            "location": {
                "type": "string",
                "defaultValue": spec.location or "[resourceGroup().location]",
            },
        },
        "resources": [resource],
    }
    return json.dumps(template, indent=2, ensure_ascii=False) + "\n"
