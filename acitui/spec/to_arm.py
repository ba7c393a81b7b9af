"""GroupSpec → the ARM JSON body of a container group PUT (and of an ACI YAML document)."""

from __future__ import annotations

from typing import Any

from acitui.spec.model import (
    ContainerSpec,
    GroupSpec,
    PortSpec,
    ProbeSpec,
    ResourceSpec,
    VolumeSpec,
)

API_VERSION = "2023-05-01"
GROUP_TYPE = "Microsoft.ContainerInstance/containerGroups"
#: What ``az container create`` asks for when a container names no resources.
DEFAULT_CPU, DEFAULT_MEMORY_GB = 1.0, 1.5


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _ports(ports: tuple[PortSpec, ...]) -> list[dict[str, Any]]:
    return [{"protocol": p.protocol, "port": p.port} for p in ports]


def _resources(res: ResourceSpec, defaults: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    cpu = res.cpu if res.cpu is not None or not defaults else DEFAULT_CPU
    memory = res.memory_gb if res.memory_gb is not None or not defaults else DEFAULT_MEMORY_GB
    if memory is not None:
        out["memoryInGB"] = _number(memory)
    if cpu is not None:
        out["cpu"] = _number(cpu)
    if res.gpu_count:
        out["gpu"] = {"count": res.gpu_count, **({"sku": res.gpu_sku} if res.gpu_sku else {})}
    return out


def _probe(probe: ProbeSpec) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if probe.exec_command:
        out["exec"] = {"command": list(probe.exec_command)}
    if probe.http_path is not None or probe.http_port is not None:
        http: dict[str, Any] = {}
        if probe.http_path is not None:
            http["path"] = probe.http_path
        if probe.http_port is not None:
            http["port"] = probe.http_port
        if probe.http_scheme:
            http["scheme"] = probe.http_scheme
        if probe.http_headers:
            http["httpHeaders"] = [{"name": n, "value": v} for n, v in probe.http_headers]
        out["httpGet"] = http
    for key, value in (
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("periodSeconds", probe.period_seconds),
        ("failureThreshold", probe.failure_threshold),
        ("successThreshold", probe.success_threshold),
        ("timeoutSeconds", probe.timeout_seconds),
    ):
        if value is not None:
            out[key] = value
    return out


def container_body(c: ContainerSpec, init: bool = False) -> dict[str, Any]:
    props: dict[str, Any] = {"image": c.image}
    if c.command:
        props["command"] = list(c.command)
    if not init:
        props["ports"] = _ports(c.ports)
        resources: dict[str, Any] = {"requests": _resources(c.requests, defaults=True)}
        if c.limits is not None:
            resources["limits"] = _resources(c.limits, defaults=False)
        props["resources"] = resources
    props["environmentVariables"] = [
        {"name": v.name, "secureValue": v.value or ""} if v.secure
        else {"name": v.name, "value": v.value or ""}
        for v in c.environment
    ]  # fmt: skip
    if c.volume_mounts:
        props["volumeMounts"] = [
            {
                "name": m.name,
                "mountPath": m.mount_path,
                **({"readOnly": True} if m.read_only else {}),
            }
            for m in c.volume_mounts
        ]
    if c.liveness is not None and not init:
        props["livenessProbe"] = _probe(c.liveness)
    if c.readiness is not None and not init:
        props["readinessProbe"] = _probe(c.readiness)
    props.update(c.extra)
    return {"name": c.name, "properties": props}


def _volume(v: VolumeSpec) -> dict[str, Any]:
    return {"name": v.name, v.kind: dict(v.detail)}


def _ip_address(spec: GroupSpec) -> dict[str, Any] | None:
    if spec.ip_address is None:
        return None
    ip: dict[str, Any] = {"type": spec.ip_address.type, "ports": _ports(spec.ip_address.ports)}
    if spec.ip_address.dns_name_label:
        ip["dnsNameLabel"] = spec.ip_address.dns_name_label
    return ip


def _registry_credentials(spec: GroupSpec) -> list[dict[str, Any]]:
    creds = []
    for cred in spec.registry_credentials:
        item: dict[str, Any] = {"server": cred.server}
        for key, value in (
            ("username", cred.username),
            ("password", cred.password),
            ("identity", cred.identity),
        ):
            if value is not None:
                item[key] = value
        creds.append(item)
    return creds


def _group_properties(spec: GroupSpec) -> dict[str, Any]:
    """``properties`` of the body, each optional section only when the spec has it."""
    props: dict[str, Any] = {
        "containers": [container_body(c) for c in spec.containers],
        "osType": spec.os_type,
        "restartPolicy": spec.restart_policy,
    }
    optional: tuple[tuple[str, Any], ...] = (
        ("initContainers", [container_body(c, init=True) for c in spec.init_containers]),
        ("ipAddress", _ip_address(spec)),
        ("volumes", [_volume(v) for v in spec.volumes]),
        ("imageRegistryCredentials", _registry_credentials(spec)),
        ("subnetIds", [{"id": s} for s in spec.subnet_ids]),
        ("dnsConfig", dict(spec.dns_config or {})),
        ("diagnostics", dict(spec.diagnostics or {})),
        ("sku", spec.sku),
        ("priority", spec.priority),
    )
    props.update((key, value) for key, value in optional if value)
    props.update(spec.extra)
    return props


def to_arm(spec: GroupSpec, *, location: str = "") -> dict[str, Any]:
    """The PUT body: ``location``, ``tags``, ``identity``, ``properties`` (no read-only fields)."""
    body: dict[str, Any] = {"location": spec.location or location}
    if spec.tags:
        body["tags"] = dict(spec.tags)
    if spec.identity:
        body["identity"] = dict(spec.identity)
    body.update(spec.extra_top)
    body["properties"] = _group_properties(spec)
    return body


def to_document(spec: GroupSpec, *, api_version: str = API_VERSION) -> dict[str, Any]:
    """An ACI YAML document (as ``az container create --file`` takes it) for ``spec``."""
    body = to_arm(spec)
    doc: dict[str, Any] = {"apiVersion": api_version, "location": body.pop("location")}
    doc["name"] = spec.name
    doc["type"] = GROUP_TYPE
    doc.update(body)
    return doc
