"""Docker inspect dicts → neutral containers and container groups.

Pure functions: the backend fetches, :mod:`docker_grouping` decides the
members, this module describes them the way ACI would.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from acitui.backends.docker.grouping import (
    LABEL_COMPOSE,
    GroupPlan,
    container_status,
    group_state,
    restart_policy,
    terminated_detail,
)
from acitui.backends.docker.spec_labels import shape_group
from acitui.backends.docker.times import parse_time
from acitui.model import (
    Container,
    ContainerGroup,
    ContainerState,
    ContainerStatus,
    EnvVar,
    Event,
    IpAddress,
    Port,
    Volume,
    VolumeMount,
)

#: Label prefixes that are Docker's or ours, not the user's tags.
_INTERNAL_LABELS = ("com.docker.compose.", "acitui.")


def _port(spec: str) -> Port | None:
    number, _, proto = spec.partition("/")
    try:
        return Port(int(number), (proto or "tcp").upper())
    except ValueError:
        return None


def _env(entries: list[str] | None) -> tuple[EnvVar, ...]:
    out = []
    for entry in entries or []:
        name, sep, value = entry.partition("=")
        out.append(EnvVar(name, value if sep else "", secure=False))
    return tuple(out)


def _mounts(inspect: Mapping[str, Any]) -> list[tuple[Volume, VolumeMount]]:
    out = []
    for m in inspect.get("Mounts") or []:
        kind = m.get("Type") or "volume"
        name = m.get("Name") or m.get("Source") or m.get("Destination") or "?"
        detail = {k.lower(): str(m[k]) for k in ("Source", "Driver") if m.get(k)}
        mount = VolumeMount(name, m.get("Destination", ""), read_only=not m.get("RW", True))
        out.append((Volume(name, kind, detail), mount))
    return out


def container_state(state: Mapping[str, Any]) -> ContainerState:
    status, detail = container_status(state)
    ended = status is ContainerStatus.TERMINATED
    return ContainerState(
        status=status,
        detail_status=detail,
        exit_code=state.get("ExitCode") if ended else None,
        start_time=parse_time(state.get("StartedAt")),
        finish_time=parse_time(state.get("FinishedAt")) if ended else None,
    )


def previous_state(state: Mapping[str, Any], last_exit: int | None) -> ContainerState | None:
    """The run before this one, when there was one (Docker keeps only its end)."""
    finished = parse_time(state.get("FinishedAt"))
    status = state.get("Status")
    if status == "restarting" and finished is not None:
        return ContainerState(
            ContainerStatus.TERMINATED,
            terminated_detail(state),
            exit_code=state.get("ExitCode"),
            finish_time=finished,
        )
    if status in ("running", "paused") and finished is not None:
        detail = "" if last_exit is None else ("Completed" if last_exit == 0 else "Error")
        if state.get("OOMKilled"):
            detail = "OOMKilled"
        return ContainerState(
            ContainerStatus.TERMINATED, detail, exit_code=last_exit, finish_time=finished
        )
    return None


def build_container(name: str, inspect: Mapping[str, Any], last_exit: int | None) -> Container:
    """One container from its inspect (``last_exit``: the previous run's code, if seen)."""
    config = inspect.get("Config") or {}
    host = inspect.get("HostConfig") or {}
    state = inspect.get("State") or {}
    nano_cpus = host.get("NanoCpus") or 0
    memory = host.get("Memory") or 0
    ports = [p for p in map(_port, sorted(config.get("ExposedPorts") or {})) if p is not None]
    return Container(
        name=name,
        image=config.get("Image") or inspect.get("Image", ""),
        command=tuple([inspect.get("Path") or "", *(inspect.get("Args") or [])]),
        cpu=nano_cpus / 1e9 if nano_cpus else None,
        memory_gb=round(memory / 1024**3, 3) if memory else None,
        ports=tuple(ports),
        environment=_env(config.get("Env")),
        volume_mounts=tuple(m for _, m in _mounts(inspect)),
        current_state=container_state(state),
        previous_state=previous_state(state, last_exit),
        restart_count=inspect.get("RestartCount", 0),
    )


def _ip_address(inspects: list[Mapping[str, Any]]) -> tuple[IpAddress | None, str]:
    """The group's IP (the owner's) and its published ports, plus a host-side summary."""
    owner = inspects[0].get("NetworkSettings") or {}
    ip = owner.get("IPAddress") or next(
        (n.get("IPAddress") for n in (owner.get("Networks") or {}).values() if n.get("IPAddress")),
        None,
    )
    ports: list[Port] = []
    published: list[str] = []
    for inspect in inspects:
        for spec, bindings in ((inspect.get("NetworkSettings") or {}).get("Ports") or {}).items():
            port = _port(spec)
            if not bindings or port is None:
                continue
            if port not in ports:
                ports.append(port)
            for b in bindings:
                published.append(f"{b.get('HostIp') or '0.0.0.0'}:{b.get('HostPort')}->{spec}")
    if not ip and not ports:
        return None, ""
    return IpAddress(ip or None, "Private", tuple(ports)), ", ".join(published)


def build_group(
    plan: GroupPlan,
    inspects: Mapping[str, Mapping[str, Any]],
    events: tuple[Event, ...] = (),
    last_exits: Mapping[str, int] | None = None,
) -> ContainerGroup:
    """A group from its plan and its members' inspects (keyed by container id)."""
    last_exits = last_exits or {}
    members = [m for m in plan.members if m.id in inspects]
    details = [inspects[m.id] for m in members]
    containers = tuple(
        build_container(plan.container_name(m), inspects[m.id], last_exits.get(m.id))
        for m in members
    )
    volumes: dict[str, Volume] = {}
    for d in details:
        for volume, _ in _mounts(d):
            volumes.setdefault(volume.name, volume)
    owner = details[0] if details else {}
    policy = restart_policy(owner)
    ip, published = _ip_address(details) if details else (None, "")
    labels = (owner.get("Config") or {}).get("Labels") or {}
    extra = {"kind": plan.kind, "owner": (owner.get("Name") or "").lstrip("/")}
    if plan.kind == "compose":
        extra["compose_project"] = labels.get(LABEL_COMPOSE, "")
    if published:
        extra["published_ports"] = published
    group = ContainerGroup(
        name=plan.ref.name,
        resource_group=plan.ref.resource_group,
        state=group_state(details, policy),
        location="local",
        provisioning_state="Succeeded" if details else "Unknown",
        os_type=(owner.get("Platform") or "linux").capitalize(),
        restart_policy=policy,
        ip_address=ip,
        containers=containers,
        volumes=tuple(volumes.values()),
        tags={k: v for k, v in labels.items() if not k.startswith(_INTERNAL_LABELS)},
        events=events,
        created=parse_time(owner.get("Created")),
        detailed=True,
        id=(owner.get("Id") or "")[:12],
        extra=extra,
    )
    return shape_group(group, details)  # a group acitui created reads as its file
