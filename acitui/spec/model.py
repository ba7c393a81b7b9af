"""The neutral desired-state model of a container group (what a file asks for).

Frozen dataclasses; fields the model does not name are kept raw in ``extra`` so
nothing in a file is silently lost on its way to a backend.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: Every placeholder export writes starts with this; validate refuses any left in a file.
PLACEHOLDER_PREFIX = "<fill in: "

Path = tuple[str | int, ...]


def placeholder(what: str) -> str:
    """A clearly marked value the user must replace before applying."""
    return f"{PLACEHOLDER_PREFIX}{what}>"


def is_placeholder(value: object) -> bool:
    return isinstance(value, str) and value.strip().startswith(PLACEHOLDER_PREFIX)


def line_at(lines: Mapping[Path, int], path: Path) -> int | None:
    """The 1-based line of ``path`` in a file, or of its nearest enclosing node."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found in a file: an ``error`` refuses it, a ``warning`` is only said."""

    level: str  # error | warning
    message: str
    file: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.level}: {self.message}" if where else self.message


@dataclass(frozen=True, slots=True)
class PortSpec:
    port: int
    protocol: str = "TCP"


@dataclass(frozen=True, slots=True)
class ResourceSpec:
    """Requests or limits: CPU cores, memory in GB, and GPUs."""

    cpu: float | None = None
    memory_gb: float | None = None
    gpu_count: int | None = None
    gpu_sku: str | None = None


@dataclass(frozen=True, slots=True)
class EnvSpec:
    """A variable: ``secure`` ones carry their value in ``value`` but are never shown."""

    name: str
    value: str | None = None
    secure: bool = False


@dataclass(frozen=True, slots=True)
class MountSpec:
    name: str
    mount_path: str
    read_only: bool = False


@dataclass(frozen=True, slots=True)
class ProbeSpec:
    """A liveness or readiness probe: an exec command or an HTTP GET."""

    exec_command: tuple[str, ...] = ()
    http_path: str | None = None
    http_port: int | None = None
    http_scheme: str | None = None
    http_headers: tuple[tuple[str, str], ...] = ()
    initial_delay_seconds: int | None = None
    period_seconds: int | None = None
    failure_threshold: int | None = None
    success_threshold: int | None = None
    timeout_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class ContainerSpec:
    name: str
    image: str
    command: tuple[str, ...] = ()
    requests: ResourceSpec = ResourceSpec()
    limits: ResourceSpec | None = None
    ports: tuple[PortSpec, ...] = ()
    environment: tuple[EnvSpec, ...] = ()
    volume_mounts: tuple[MountSpec, ...] = ()
    liveness: ProbeSpec | None = None
    readiness: ProbeSpec | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # securityContext…, raw


@dataclass(frozen=True, slots=True)
class VolumeSpec:
    """``kind`` is emptyDir, secret, gitRepo or azureFile; ``detail`` its raw settings.

    detail: secret → {file name: base64}; gitRepo → repository/directory/revision;
    azureFile → shareName/storageAccountName/storageAccountKey/readOnly.
    """

    name: str
    kind: str
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RegistryCredential:
    server: str
    username: str | None = None
    password: str | None = None
    identity: str | None = None


@dataclass(frozen=True, slots=True)
class IpSpec:
    type: str = "Public"  # Public | Private
    ports: tuple[PortSpec, ...] = ()
    dns_name_label: str | None = None


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """One container group as a file describes it.

    ``lines`` maps a path in the file's document (``("properties", "containers", 0)``)
    to its 1-based line, for messages; ``origin`` is the path of the group's own
    object (``()`` in ACI YAML, ``("resources", 2)`` in an ARM template).
    """

    name: str
    containers: tuple[ContainerSpec, ...]
    init_containers: tuple[ContainerSpec, ...] = ()
    location: str = ""
    os_type: str = "Linux"
    restart_policy: str = "Always"
    ip_address: IpSpec | None = None
    volumes: tuple[VolumeSpec, ...] = ()
    registry_credentials: tuple[RegistryCredential, ...] = ()
    subnet_ids: tuple[str, ...] = ()
    dns_config: Mapping[str, Any] | None = None
    diagnostics: Mapping[str, Any] | None = None
    sku: str | None = None
    priority: str | None = None
    identity: Mapping[str, Any] | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    api_version: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)  # other keys of properties, raw
    extra_top: Mapping[str, Any] = field(default_factory=dict)  # other top-level keys (zones…)
    file: str = ""
    origin: Path = ()
    lines: Mapping[Path, int] = field(default_factory=dict, compare=False, repr=False)

    def line(self, *path: str | int) -> int | None:
        """The line of ``origin + path`` in the file, or of its nearest enclosing node."""
        return line_at(self.lines, (*self.origin, *path))

    def container(self, name: str) -> ContainerSpec | None:
        for c in (*self.containers, *self.init_containers):
            if c.name == name:
                return c
        return None
