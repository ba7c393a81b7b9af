"""One container group, rendered once for every face: describe text and the JSON/YAML document.

Standard library only. Headless ``show`` and ``show --json``, the TUI's describe
view and its YAML/JSON view all come from here, so they agree on what is masked
(:func:`acitui.masking.redact_group`; secure env values are ``null`` and
``secure: true``, plain ones ``********`` unless revealed) and on how times look
(UTC, ISO 8601 with ``Z``). Every provider string crosses the display boundary
(:func:`acitui.sanitize.sanitize_name`) here; the JSON field names are the ones the
README documents, and they only grow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from acitui.masking import masked_value, redact_group
from acitui.model import (
    Container,
    ContainerGroup,
    ContainerState,
    EnvVar,
    Event,
    IpAddress,
    Port,
    sort_events,
)
from acitui.render_newer import describe_lines, fqdn_note, newer_json, references_json
from acitui.sanitize import sanitize, sanitize_name

#: Events shown at the end of ``show`` (newest first).
SHOW_EVENTS = 20


def timestamp(value: datetime | None) -> str | None:
    """UTC ISO 8601 with ``Z`` (``2026-11-23T04:05:06Z``), or None."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _s(value: str | None) -> str | None:
    return None if value is None else sanitize_name(value)


def ports_text(ports: Iterable[Port]) -> str:
    """``80,53/udp``: TCP ports bare; the protocol is provider text, so it crosses the boundary."""
    return ",".join(
        str(p.port)
        if p.protocol.upper() == "TCP"
        else f"{p.port}/{sanitize_name(p.protocol.lower(), max_len=32)}"
        for p in ports
    )


def state_text(state: ContainerState | None) -> str:
    """``Terminated (Error), exit 3`` or ``-``."""
    if state is None:
        return "-"
    text: str = sanitize_name(str(state.status))
    if state.detail_status:
        text += f" ({sanitize_name(state.detail_status)})"
    if state.exit_code is not None:
        text += f", exit {state.exit_code}"
    return text


def event_line(e: Event) -> str:
    """One event as a line of ``events`` and of ``show``."""
    doc = event_json(e)
    who = doc["container"] or "(group)"
    when = doc["last_timestamp"] or ""
    return (
        f"{when:<27} {doc['type']:<8} {who:<16} {doc['name']:<14} x{doc['count']} {doc['message']}"
    )


# ----- describe text -----------------------------------------------------------------------
def describe(group: ContainerGroup, *, events: bool = False) -> str:
    """kubectl-describe-like text: every provider string sanitised, secrets masked.

    ``events``: end with the newest events (headless ``show``; the TUI has a tab for them).
    """
    group = redact_group(group)
    ip = group.ip_address
    found_ports = ip.ports if ip is not None and ip.ports else ()
    found_ports = found_ports or tuple(p for c in group.containers for p in c.ports)
    lines = [
        f"Name:            {sanitize_name(group.name)}",
        f"Resource group:  {sanitize_name(group.resource_group)}",
        f"State:           {sanitize_name(str(group.state))}",
        f"Provisioning:    {sanitize_name(group.provisioning_state or '-')}",
        f"Location:        {sanitize_name(group.location or '-')}",
        f"OS:              {sanitize_name(group.os_type)}",
        f"Restart policy:  {sanitize_name(group.restart_policy)}",
        f"IP / FQDN:       {_address(ip)}"
        + (f" ({sanitize_name(ip.type)})" if ip is not None else "")
        + (f" [{fqdn_note(group)}]" if fqdn_note(group) else ""),
        f"Ports:           {ports_text(found_ports) or '-'}",
        f"ID:              {sanitize_name(group.id or '-', max_len=512)}",
        f"Created:         {timestamp(group.created) or '-'}",
    ]
    lines += describe_lines(group)
    lines += _pairs("Tags", group.tags, "=")
    lines += _pairs("Extra", group.extra, ": ")
    if group.volumes:
        lines.append("Volumes:")
        for vol in group.volumes:
            facts = ", ".join(
                f"{sanitize_name(k)}={sanitize_name(v)}" for k, v in vol.detail.items()
            )
            lines.append(
                f"  {sanitize_name(vol.name)} ({sanitize_name(vol.kind)}) {facts}".rstrip()
            )
    for title, containers in (
        ("Init containers", group.init_containers),
        ("Containers", group.containers),
    ):
        if containers:
            lines.append(f"{title}:")
            for c in containers:
                lines += _describe_container(c)
    if not group.detailed:
        lines.append("(live state not loaded yet)")
    if events:
        lines.append("Events (newest first):")
        shown = sort_events(group.events)[:SHOW_EVENTS]
        lines += [f"  {event_line(e)}" for e in shown] or ["  (none)"]
    return "\n".join(lines)


def _address(ip: IpAddress | None) -> str:
    if ip is None:
        return "-"
    return sanitize_name(ip.fqdn or ip.ip or "-")


def _pairs(title: str, values: Mapping[str, str], sep: str) -> list[str]:
    if not values:
        return []
    return [
        f"{title}:",
        *(f"  {sanitize_name(k)}{sep}{sanitize_name(v)}" for k, v in values.items()),
    ]


def _describe_container(c: Container) -> list[str]:
    lines = [
        f"  {sanitize_name(c.name)}:",
        f"    Image:       {sanitize_name(c.image)}",
        f"    State:       {state_text(c.current_state)}",
        f"    Previous:    {state_text(c.previous_state)}",
        f"    Restarts:    {c.restart_count if c.restart_count is not None else '-'}",
        f"    CPU / mem:   {c.cpu if c.cpu is not None else '-'} / "
        f"{c.memory_gb if c.memory_gb is not None else '-'} GB",
    ]
    if c.command:
        shown = " ".join(sanitize_name(part, max_len=512) for part in c.command)
        lines.append(f"    Command:     {sanitize_name(shown, max_len=1024)}")
    for p in c.ports:
        lines.append(f"    Port:        {p.port}/{sanitize_name(p.protocol, max_len=32)}")
    for m in c.volume_mounts:
        ro = " (ro)" if m.read_only else ""
        lines.append(
            f"    Mount:       {sanitize_name(m.name)} → {sanitize_name(m.mount_path)}{ro}"
        )
    return lines


# ----- the document (show --json, the TUI's YAML/JSON view) ---------------------------------
def _ports(ports: Iterable[Port]) -> list[dict[str, Any]]:
    return [{"port": p.port, "protocol": _s(p.protocol)} for p in ports]


def state_json(state: ContainerState | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {
        "state": str(state.status),
        "detail_status": _s(state.detail_status),
        "exit_code": state.exit_code,
        "start_time": timestamp(state.start_time),
        "finish_time": timestamp(state.finish_time),
    }


def ip_json(ip: IpAddress | None) -> dict[str, Any] | None:
    if ip is None:
        return None
    return {
        "ip": _s(ip.ip),
        "type": _s(ip.type),
        "ports": _ports(ip.ports),
        "fqdn": _s(ip.fqdn),
        "dns_label": _s(ip.dns_label),
    }


def event_json(e: Event) -> dict[str, Any]:
    return {
        "container": _s(e.container),
        "type": _s(e.type),
        "name": _s(e.name),
        "message": sanitize(e.message),
        "count": e.count,
        "first_timestamp": timestamp(e.first_timestamp),
        "last_timestamp": timestamp(e.last_timestamp),
    }


def env_json(container: str | None, var: EnvVar, *, reveal: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "name": _s(var.name),
        "value": masked_value(var, reveal=reveal),
        "secure": var.secure,
    }
    if container is not None:
        doc = {"container": _s(container), **doc}
    return doc


def container_json(c: Container, *, reveal: bool = False) -> dict[str, Any]:
    return {
        "name": _s(c.name),
        "image": _s(c.image),
        "command": [sanitize(part) for part in c.command],
        "cpu": c.cpu,
        "memory_gb": c.memory_gb,
        "ports": _ports(c.ports),
        "state": str(c.current_state.status) if c.current_state else None,
        "exit_code": c.exit_code,
        "restart_count": c.restart_count,
        "current_state": state_json(c.current_state),
        "previous_state": state_json(c.previous_state),
        "environment": [env_json(None, v, reveal=reveal) for v in c.environment],
        "volume_mounts": [
            {"name": _s(m.name), "mount_path": _s(m.mount_path), "read_only": m.read_only}
            for m in c.volume_mounts
        ],
    }


def group_summary_json(g: ContainerGroup) -> dict[str, Any]:
    """One row of ``groups --json``."""
    return {
        "name": _s(g.name),
        "resource_group": _s(g.resource_group),
        "state": str(g.state),
        "provisioning_state": _s(g.provisioning_state),
        "location": _s(g.location),
        "os_type": _s(g.os_type),
        "restart_policy": _s(g.restart_policy),
        "containers": [_s(c.name) for c in g.containers],
        "ready": g.ready_count if g.detailed else None,
        "restart_count": g.restart_count,
        "ip_address": ip_json(g.ip_address),
        "created": timestamp(g.created),
        "detailed": g.detailed,
        **newer_json(g),
    }


def group_json(g: ContainerGroup, *, reveal: bool = False) -> dict[str, Any]:
    """The whole group (``show --json``, the YAML/JSON view): secrets masked unless ``reveal``."""
    g = redact_group(g, reveal=reveal)
    doc = group_summary_json(g)
    doc.update(
        id=_s(g.id),
        containers=[container_json(c, reveal=reveal) for c in g.containers],
        init_containers=[container_json(c, reveal=reveal) for c in g.init_containers],
        volumes=[
            {
                "name": _s(v.name),
                "kind": _s(v.kind),
                "detail": {_s(k): _s(x) for k, x in v.detail.items()},
            }
            for v in g.volumes
        ],
        tags={_s(k): _s(v) for k, v in g.tags.items()},
        events=[event_json(e) for e in g.events],
        extra={_s(k): _s(v) for k, v in g.extra.items()},
        secret_references=references_json(g),
    )
    return doc
