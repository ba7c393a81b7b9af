"""What a created group asked for, kept in its containers' labels and read back.

Docker reports more than a file asked for (the image's own environment, its entry
point) and less (init containers are gone, members cannot expose ports, volumes
have engine names). ``create`` writes the group's own view into the label
``acitui.spec`` (JSON, never a secret value: secure variables are listed by name
only); :func:`shape_group` lays it over what the engine reports, so a created
group reads back — and diffs — as the file that made it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from acitui.model import (
    Container,
    ContainerGroup,
    ContainerState,
    ContainerStatus,
    EnvVar,
    IpAddress,
    Port,
    Volume,
    VolumeMount,
)

LABEL_SPEC = "acitui.spec"


def dump(value: Mapping[str, Any]) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def _read(inspect: Mapping[str, Any]) -> dict[str, Any]:
    labels = (inspect.get("Config") or {}).get("Labels") or {}
    try:
        found = json.loads(labels.get(LABEL_SPEC) or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _ports(items: Any) -> tuple[Port, ...]:
    out = []
    for item in items if isinstance(items, list) else []:
        number, _, proto = str(item).partition("/")
        if number.isdigit():
            out.append(Port(int(number), (proto or "TCP").upper()))
    return tuple(out)


def _container(c: Container, label: Mapping[str, Any]) -> Container:
    plain = set(label.get("env") or [])
    secure = set(label.get("secure") or [])
    env = tuple(
        EnvVar(v.name, None, secure=True) if v.name in secure else v
        for v in c.environment
        if v.name in plain or v.name in secure
    )
    mounts = tuple(
        VolumeMount(str(m[0]), str(m[1]), bool(m[2]))
        for m in label.get("mounts") or []
        if isinstance(m, list) and len(m) == 3
    )
    command = tuple(label.get("command") or ())
    return replace(
        c,
        environment=env,
        volume_mounts=mounts,
        command=command if label.get("command") is not None else (),
        ports=_ports(label.get("ports")),
    )


def _init(item: Mapping[str, Any]) -> Container:
    done = ContainerState(ContainerStatus.TERMINATED, "Completed", exit_code=0)
    label = {**item, "env": item.get("env") or [], "secure": item.get("secure") or []}
    names = [*label["env"], *label["secure"]]
    base = Container(
        str(item.get("name", "")),
        str(item.get("image", "")),
        environment=tuple(EnvVar(n, item.get("values", {}).get(n, "")) for n in names),
        current_state=done,
        restart_count=0,
    )
    return _container(base, label)


def shape_group(group: ContainerGroup, inspects: Sequence[Mapping[str, Any]]) -> ContainerGroup:
    """The group as its file described it, where acitui created it (else unchanged)."""
    labels = [_read(i) for i in inspects]
    if not labels or not labels[0].get("group"):
        return group
    containers = tuple(
        _container(c, label) if label else c
        for c, label in zip(group.containers, labels, strict=False)
    )
    top = labels[0]["group"]
    volumes = tuple(
        Volume(str(name), str(kind)) for name, kind in (top.get("volumes") or {}).items()
    )
    ip = group.ip_address
    if ip is not None or top.get("ip"):
        info = top.get("ip") or {}
        ip = IpAddress(
            ip.ip if ip else None,
            str(info.get("type") or "Private"),
            _ports(info.get("ports")) or (ip.ports if ip else ()),
            dns_label=info.get("dns") or None,
        )
    inits = tuple(_init(i) for i in top.get("init") or [] if isinstance(i, dict))
    return replace(
        group,
        containers=containers,
        init_containers=inits,
        volumes=volumes,
        ip_address=ip,
        location=str(top.get("location") or group.location),
    )
