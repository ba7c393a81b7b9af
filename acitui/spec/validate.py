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

from acitui.spec.model import ContainerSpec, Finding, GroupSpec, Path, is_placeholder

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


class _Report:
    """Findings for one spec, each placed at its line in the file."""

    def __init__(self, spec: GroupSpec) -> None:
        self.spec = spec
        self.findings: list[Finding] = []

    def add(self, level: str, message: str, *path: str | int) -> None:
        self.findings.append(Finding(level, message, self.spec.file, self.spec.line(*path)))


def validate(spec: GroupSpec, *, name: str | None = None, target: str = "azure") -> list[Finding]:
    """Findings for one group; any ``error`` means it must not be applied."""
    report = _Report(spec)
    _check_group_name(report, name)
    if not spec.containers:
        report.add("error", "the group has no containers", "properties", "containers")
    mounted = _check_containers(report)
    _check_volumes_used(report, mounted)
    _check_group_ports(report)
    for what, path in _spec_placeholders(spec):
        report.add("error", f"placeholder for the {what} is not filled in", *path)
    if target == "docker":
        report.findings.extend(docker_warnings(spec))
    return report.findings


def _check_group_name(report: _Report, name: str | None) -> None:
    """``--name`` agrees with the file, some name exists, and it keeps ACI's naming rule."""
    spec = report.spec
    group_name = spec.name or name or ""
    if name and spec.name and name.lower() != spec.name.lower():
        report.add("error", f"--name {name} contradicts the file's name {spec.name!r}", "name")
    if not group_name:
        report.add("error", "the group has no name: add 'name' to the file or give --name")
    elif not NAME_RULE.match(group_name):
        report.add(
            "warning",
            f"group name {group_name!r} breaks ACI's naming rule (lowercase letters, digits and "
            "single hyphens, 1-63 characters); the service may still accept it",
            "name",
        )


def _check_containers(report: _Report) -> set[str]:
    """Every container and init container in file order; the names of the volumes mounted."""
    spec = report.spec
    seen: set[str] = set()
    volumes = {v.name for v in spec.volumes}
    mounted: set[str] = set()
    for kind, items in (("containers", spec.containers), ("initContainers", spec.init_containers)):
        for i, c in enumerate(items):
            at: Path = ("properties", kind, i)
            _check_container_name(report, c, kind, at, seen)
            seen.add(c.name.lower())
            if not c.image:
                report.add("error", f"container {c.name!r} has no image", *at, "properties")
            mounted.update(_check_mounts(report, c, at, volumes))
            if kind == "containers" and (c.requests.cpu is None or c.requests.memory_gb is None):
                report.add(
                    "warning",
                    f"{c.name!r} requests no cpu or memoryInGB: 1 core and 1.5 GB are used "
                    "(az container create's defaults)",
                    *at, "properties",
                )  # fmt: skip
    return mounted


def _check_container_name(
    report: _Report, c: ContainerSpec, kind: str, at: Path, seen: set[str]
) -> None:
    if not c.name:
        report.add("error", f"{kind}[{at[-1]}] has no name", *at)
    elif c.name.lower() in seen:
        report.add("error", f"container name {c.name!r} is used twice", *at, "name")
    elif not NAME_RULE.match(c.name):
        report.add("warning", f"container name {c.name!r} breaks ACI's naming rule", *at, "name")


def _check_mounts(report: _Report, c: ContainerSpec, at: Path, volumes: set[str]) -> set[str]:
    """Each mount names a defined volume and a path; the volume names mounted."""
    for j, mount in enumerate(c.volume_mounts):
        if mount.name not in volumes:
            message = f"{c.name!r} mounts volume {mount.name!r}, which is not defined"
            report.add("error", message, *at, "properties", "volumeMounts", j)
        if not mount.mount_path:
            report.add("error", f"{c.name!r} mounts {mount.name!r} at no path", *at, "properties")
    return {mount.name for mount in c.volume_mounts}


def _check_volumes_used(report: _Report, mounted: set[str]) -> None:
    for i, vol in enumerate(report.spec.volumes):
        if vol.name not in mounted:
            message = f"volume {vol.name!r} is mounted by no container"
            report.add("warning", message, "properties", "volumes", i)


def _check_group_ports(report: _Report) -> None:
    """Each group port is one some container exposes."""
    spec = report.spec
    if spec.ip_address is None:
        return
    exposed = {p.port for c in spec.containers for p in c.ports}
    for i, port in enumerate(spec.ip_address.ports):
        if port.port not in exposed:
            message = f"group port {port.port} is exposed by no container"
            report.add("warning", message, "properties", "ipAddress", "ports", i)


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
