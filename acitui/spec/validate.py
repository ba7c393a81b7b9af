"""What a file may not ask for (errors) and what it should not (warnings), each with its line.

Refused, because it cannot run: no containers, a container without an image, a
container name used twice, a mount naming no volume, ``--name`` contradicting the
file, no name at all, an export placeholder left unfilled. Everything else the
service would take is only warned about: naming-rule breaks, a group port no
container exposes, and — when the target is Docker — fields Docker cannot honour.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from acitui.spec.model import Finding, GroupSpec, Path, is_placeholder

#: ACI's naming rule for groups and containers: lowercase letters, digits, single hyphens.
NAME_RULE = re.compile(r"^[a-z0-9](?:[a-z0-9]|-(?!-)){0,61}[a-z0-9]$|^[a-z0-9]$")


def _placeholders(value: Any, path: Path) -> Iterator[Path]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if is_placeholder(key):
                yield (*path, str(key))
            yield from _placeholders(item, (*path, str(key)))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _placeholders(item, (*path, i))
    elif is_placeholder(value):
        yield path


def _spec_placeholders(spec: GroupSpec) -> Iterator[tuple[str, Path]]:
    """(what, path) for every unfilled placeholder, with paths into the file's document."""
    for kind, items in (("containers", spec.containers), ("initContainers", spec.init_containers)):
        for i, c in enumerate(items):
            for j, var in enumerate(c.environment):
                if is_placeholder(var.value):
                    env_at: Path = ("properties", kind, i, "properties", "environmentVariables", j)
                    yield (
                        f"{'secure ' if var.secure else ''}variable {var.name} of {c.name}",
                        env_at,
                    )
            if is_placeholder(c.image):
                yield f"image of {c.name}", ("properties", kind, i, "properties", "image")
    for i, cred in enumerate(spec.registry_credentials):
        for field in ("server", "username", "password"):
            if is_placeholder(getattr(cred, field)):
                where: Path = ("properties", "imageRegistryCredentials", i, field)
                yield f"registry {field} for {cred.server}", where
    for i, vol in enumerate(spec.volumes):
        for path in _placeholders(dict(vol.detail), ("properties", "volumes", i, vol.kind)):
            yield f"{vol.kind} volume {vol.name}", path
    for label, raw in (("diagnostics", spec.diagnostics), ("identity", spec.identity)):
        root: Path = ("identity",) if label == "identity" else ("properties", label)
        for path in _placeholders(raw or {}, root):
            yield label, path
    for path in _placeholders(dict(spec.extra), ("properties",)):
        yield "a field", path


def validate(spec: GroupSpec, *, name: str | None = None, target: str = "azure") -> list[Finding]:
    """Findings for one group; any ``error`` means it must not be applied."""
    out: list[Finding] = []

    def add(level: str, message: str, *path: str | int) -> None:
        out.append(Finding(level, message, spec.file, spec.line(*path)))

    group_name = spec.name or name or ""
    if name and spec.name and name.lower() != spec.name.lower():
        add("error", f"--name {name} contradicts the file's name {spec.name!r}", "name")
    if not group_name:
        add("error", "the group has no name: add 'name' to the file or give --name")
    elif not NAME_RULE.match(group_name):
        add(
            "warning",
            f"group name {group_name!r} breaks ACI's naming rule (lowercase letters, digits and "
            "single hyphens, 1-63 characters); the service may still accept it",
            "name",
        )
    if not spec.containers:
        add("error", "the group has no containers", "properties", "containers")
    seen: dict[str, str] = {}
    volumes = {v.name for v in spec.volumes}
    mounted: set[str] = set()
    exposed = {p.port for c in spec.containers for p in c.ports}
    for kind, items in (("containers", spec.containers), ("initContainers", spec.init_containers)):
        for i, c in enumerate(items):
            at = ("properties", kind, i)
            if not c.name:
                add("error", f"{kind}[{i}] has no name", *at)
            elif c.name.lower() in seen:
                add("error", f"container name {c.name!r} is used twice", *at, "name")
            elif not NAME_RULE.match(c.name):
                add("warning", f"container name {c.name!r} breaks ACI's naming rule", *at, "name")
            seen[c.name.lower()] = c.name
            if not c.image:
                add("error", f"container {c.name!r} has no image", *at, "properties")
            for j, mount in enumerate(c.volume_mounts):
                mounted.add(mount.name)
                if mount.name not in volumes:
                    where = (*at, "properties", "volumeMounts", j)
                    add(
                        "error",
                        f"{c.name!r} mounts volume {mount.name!r}, which is not defined",
                        *where,
                    )
                if not mount.mount_path:
                    add("error", f"{c.name!r} mounts {mount.name!r} at no path", *at, "properties")
            if kind == "containers" and (c.requests.cpu is None or c.requests.memory_gb is None):
                add(
                    "warning",
                    f"{c.name!r} requests no cpu or memoryInGB: 1 core and 1.5 GB are used "
                    "(az container create's defaults)",
                    *at, "properties",
                )  # fmt: skip
    for i, vol in enumerate(spec.volumes):
        if vol.name not in mounted:
            add(
                "warning",
                f"volume {vol.name!r} is mounted by no container",
                "properties",
                "volumes",
                i,
            )
    if spec.ip_address is not None:
        for i, port in enumerate(spec.ip_address.ports):
            if port.port not in exposed:
                add(
                    "warning",
                    f"group port {port.port} is exposed by no container",
                    "properties", "ipAddress", "ports", i,
                )  # fmt: skip
    for what, path in _spec_placeholders(spec):
        out.append(
            Finding(
                "error", f"placeholder for the {what} is not filled in", spec.file, spec.line(*path)
            )
        )
    if target == "docker":
        out.extend(docker_warnings(spec))
    return out


def docker_warnings(spec: GroupSpec) -> list[Finding]:
    """One warning for each field the local Docker engine cannot honour (skipped there)."""
    out: list[Finding] = []

    def skip(what: str, *path: str | int) -> None:
        out.append(
            Finding(
                "warning",
                f"{what}: Docker cannot honour it, skipped locally",
                spec.file,
                spec.line(*path),
            )
        )

    for i, c in enumerate(spec.containers):
        for res in (c.requests, c.limits):
            if res is not None and res.gpu_count:
                skip(
                    f"GPU for {c.name!r}", "properties", "containers", i, "properties", "resources"
                )
                break
    if spec.subnet_ids:
        skip("subnetIds", "properties", "subnetIds")
    if spec.dns_config:
        skip("dnsConfig", "properties", "dnsConfig")
    if spec.identity:
        skip("identity", "identity")
    if spec.diagnostics:
        skip("diagnostics", "properties", "diagnostics")
    if spec.sku and spec.sku.lower() == "confidential":
        skip("the Confidential SKU", "properties", "sku")
    if spec.priority and spec.priority.lower() == "spot":
        skip("Spot priority", "properties", "priority")
    for key in ("encryptionProperties", "confidentialComputeProperties", "extensions"):
        if key in spec.extra:
            skip(key, "properties", key)
    if spec.ip_address is not None and spec.ip_address.dns_name_label:
        skip("dnsNameLabel", "properties", "ipAddress", "dnsNameLabel")
    return out


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == "error"]
