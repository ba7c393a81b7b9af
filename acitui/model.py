"""Neutral models of container groups, shared by every backend and face.

Standard library only: no SDK, no Textual, no Rich. Backends translate their
provider's payloads into these frozen dataclasses; faces only ever see these.
Every string that came from a container or a provider is stored raw here and
sanitised where it is shown (see :mod:`acitui.sanitize`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from acitui.errors import InvalidInputError


class GroupState(StrEnum):
    """A container group's state, normalised the way ACI reports it."""

    RUNNING = "Running"
    PENDING = "Pending"
    SUCCEEDED = "Succeeded"
    FAILED = "Failed"
    STOPPED = "Stopped"
    UNKNOWN = "Unknown"


class ContainerStatus(StrEnum):
    """A container's current or previous state, as ACI names it."""

    RUNNING = "Running"
    WAITING = "Waiting"
    TERMINATED = "Terminated"
    UNKNOWN = "Unknown"


class LineKind(StrEnum):
    """What a log line is: output, or a marker the backend inserted."""

    OUTPUT = "output"
    RESTART = "restart"  # the container restarted; what follows is a new run
    GAP = "gap"  # lines were lost between two reads
    INFO = "info"  # e.g. "reconnected", "container has no logs yet"


#: How every marker line starts in plain text (headless output, saved files).
MARKER_RULE = "────"
#: Put before container output that could pass for a marker (see :func:`quote_output`).
OUTPUT_QUOTE = "| "


def quote_output(body: str) -> str:
    """Container text as it may appear where markers are plain text.

    The scheme: a marker line's text starts with :data:`MARKER_RULE`; container
    output never does, because a body whose first visible character is a
    box-drawing character (U+2500–U+257F) gets :data:`OUTPUT_QUOTE` in front.
    """
    first = body.lstrip()[:1]
    return f"{OUTPUT_QUOTE}{body}" if first and "\u2500" <= first <= "\u257f" else body


@dataclass(frozen=True, slots=True)
class GroupRef:
    """The address of a container group: resource group and name."""

    resource_group: str
    name: str

    def __str__(self) -> str:
        return f"{self.resource_group}/{self.name}"

    @classmethod
    def parse(cls, text: str) -> GroupRef:
        """Parse ``RG/NAME``; raise :class:`acitui.errors.InvalidInputError`."""
        rg, sep, name = text.strip().partition("/")
        if not sep or not rg or not name or "/" in name:
            raise InvalidInputError(
                f"{text!r} is not a group reference",
                hint="Write it as RESOURCE_GROUP/NAME, e.g. local/web.",
            )
        return cls(rg, name)


@dataclass(frozen=True, slots=True)
class ResourceGroup:
    """A resource group (Azure) or the ``acitui.resource-group`` label (Docker)."""

    name: str
    location: str = ""
    tags: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Subscription:
    """An Azure subscription (or the one target of a local backend)."""

    id: str
    name: str
    state: str = "Enabled"
    is_default: bool = False


@dataclass(frozen=True, slots=True)
class Port:
    port: int
    protocol: str = "TCP"


@dataclass(frozen=True, slots=True)
class IpAddress:
    """The group's one IP address, shared by all of its containers."""

    ip: str | None
    type: str = "Private"  # Public | Private
    ports: tuple[Port, ...] = ()
    fqdn: str | None = None
    dns_label: str | None = None


@dataclass(frozen=True, slots=True)
class EnvVar:
    """An environment variable. ``value`` is None for a secure variable."""

    name: str
    value: str | None = None
    secure: bool = False
    reference: str = ""  # a Key Vault secret reference's name (the value is never read)


@dataclass(frozen=True, slots=True)
class VolumeMount:
    name: str
    mount_path: str
    read_only: bool = False


@dataclass(frozen=True, slots=True)
class Volume:
    """A volume: ``kind`` is azureFile, emptyDir, secret, gitRepo, bind, volume.

    ``detail`` holds displayable facts (share name, repository…); secrets the
    provider strips (storage keys, secret contents) are never in it.
    """

    name: str
    kind: str
    detail: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ContainerState:
    """One state of a container (current or previous)."""

    status: ContainerStatus
    detail_status: str = ""
    exit_code: int | None = None
    start_time: datetime | None = None
    finish_time: datetime | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """An event of a group (``container`` None) or of one of its containers."""

    container: str | None
    type: str  # Normal | Warning
    name: str  # the reason: Pulling, Started, Killing, BackOff, OOMKilled…
    message: str = ""
    count: int = 1
    first_timestamp: datetime | None = None
    last_timestamp: datetime | None = None


@dataclass(frozen=True, slots=True)
class Container:
    name: str
    image: str
    command: tuple[str, ...] = ()
    cpu: float | None = None
    memory_gb: float | None = None
    ports: tuple[Port, ...] = ()
    environment: tuple[EnvVar, ...] = ()
    volume_mounts: tuple[VolumeMount, ...] = ()
    current_state: ContainerState | None = None
    previous_state: ContainerState | None = None
    restart_count: int | None = None

    @property
    def ready(self) -> bool:
        return (
            self.current_state is not None and self.current_state.status is ContainerStatus.RUNNING
        )

    @property
    def exit_code(self) -> int | None:
        state = self.current_state
        return state.exit_code if state is not None else None


@dataclass(frozen=True, slots=True)
class ProfileRef:
    """The container group profile (and its revision) a group was made from."""

    name: str
    revision: int | None = None

    def __str__(self) -> str:
        return self.name if self.revision is None else f"{self.name} rev {self.revision}"


@dataclass(frozen=True, slots=True)
class SecretReference:
    """A Key Vault secret a group refers to: where it lives and who reads it, never its value."""

    name: str
    uri: str = ""
    identity: str = ""  # the managed identity's name (or id) that reads the secret


@dataclass(frozen=True, slots=True)
class ContainerGroup:
    """A pod-like group: containers sharing one IP, lifecycle and volumes.

    ``detailed`` is False when the backend listed the group without its live
    state (ACI's list carries no instanceView); call ``get_group`` for it.
    ``extra`` holds provider-only facts worth showing (SKU, compose project…).
    """

    name: str
    resource_group: str
    state: GroupState
    location: str = ""
    provisioning_state: str = ""
    os_type: str = "Linux"
    restart_policy: str = "Always"  # Always | OnFailure | Never
    ip_address: IpAddress | None = None
    containers: tuple[Container, ...] = ()
    init_containers: tuple[Container, ...] = ()
    volumes: tuple[Volume, ...] = ()
    tags: Mapping[str, str] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    created: datetime | None = None
    detailed: bool = True
    id: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)
    # -- newer ACI (api-version 2025-09-01+); empty where a backend does not know them
    api_version: str = ""
    ngroup: str | None = None  # the NGroup that keeps this group (and re-creates it)
    profile: ProfileRef | None = None
    priority: str = ""  # Regular | Spot
    sku: str = ""  # Standard | Dedicated | Confidential
    zones: tuple[str, ...] = ()
    identity: tuple[str, ...] = ()  # "system" and user-assigned identity names
    secret_references: tuple[SecretReference, ...] = ()

    @property
    def ref(self) -> GroupRef:
        return GroupRef(self.resource_group, self.name)

    @property
    def key(self) -> str:
        return str(self.ref)

    @property
    def restart_count(self) -> int | None:
        counts = [c.restart_count for c in self.containers if c.restart_count is not None]
        return sum(counts) if counts else None

    @property
    def ready_count(self) -> int:
        return sum(1 for c in self.containers if c.ready)

    def container(self, name: str) -> Container | None:
        for c in (*self.containers, *self.init_containers):
            if c.name == name:
                return c
        return None


@dataclass(frozen=True, slots=True)
class LogLine:
    """One line of a container's log, or a marker (restart, gap, info)."""

    text: str
    container: str = ""
    timestamp: datetime | None = None
    stream: str = "stdout"  # stdout | stderr | "" when unknown
    kind: LineKind = LineKind.OUTPUT


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a backend can do: faces hide what is missing instead of failing."""

    start: bool = True
    stop: bool = True
    restart: bool = True
    delete: bool = True
    follow_logs: bool = True
    watch: bool = False  # pushes change notices (Docker's event stream)
    subscriptions: bool = False
    metrics: bool = False  # yields MetricSample over time (Docker stats, Azure Monitor)
    create: bool = False  # create_group: a group from a GroupSpec (issue 13)
    apply: bool = False  # deploy_template: ARM templates (issue 13)
    exec: bool = False  # open_exec: a shell or a command inside a container


def sort_events(events: tuple[Event, ...] | list[Event]) -> list[Event]:
    """Newest first by last timestamp; undated events last."""
    dated = [e for e in events if e.last_timestamp is not None or e.first_timestamp is not None]
    undated = [e for e in events if e.last_timestamp is None and e.first_timestamp is None]
    dated.sort(key=_event_time, reverse=True)
    return dated + undated


def _event_time(event: Event) -> datetime:
    when = event.last_timestamp or event.first_timestamp
    assert when is not None  # only dated events are sorted
    return when


# -- metrics and diagnosis (issue 15) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class MetricSample:
    """One reading of one container's resource use; None where the backend cannot know.

    ``cpu_percent``/``memory_percent`` are of the container's limit (or request
    when it has no limit). Where a backend knows network traffic only per group
    (ACI), ``rx_bytes_per_s``/``tx_bytes_per_s`` carry the group's figure.
    """

    container: str
    time: datetime
    cpu_millicores: float | None = None
    cpu_percent: float | None = None
    memory_bytes: int | None = None
    memory_percent: float | None = None
    rx_bytes_per_s: float | None = None
    tx_bytes_per_s: float | None = None


class Severity(StrEnum):
    """How bad a diagnosis is: ``error`` will not fix itself, ``warning`` might."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """A one-line "why" for a group that is not healthy, with the evidence behind it.

    ``summary`` and ``evidence`` are already sanitised (safe to show as plain
    text, never as markup); ``rule`` is a stable id such as ``crash-loop``.
    """

    severity: Severity
    summary: str
    evidence: tuple[str, ...] = ()
    rule: str = ""
    container: str | None = None
