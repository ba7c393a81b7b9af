"""How a container group is shown in a table row: plain, sanitised strings."""

from __future__ import annotations

from datetime import UTC, datetime

from acitui.model import ContainerGroup, GroupState
from acitui.sanitize import sanitize_name

COLUMNS: tuple[tuple[str, str, int], ...] = (
    # key, label, width
    ("name", "Name", 22),
    ("state", "State", 10),
    ("ready", "Ready", 6),
    ("restarts", "Restarts", 8),
    ("address", "IP / FQDN", 22),
    ("ports", "Ports", 12),
    ("os", "OS", 7),
    ("policy", "Restart", 9),
    ("location", "Location", 12),
    ("age", "Age", 5),
    ("rg", "Resource group", 16),
)

#: GroupState → theme variable used to colour the state cell.
STATE_COLOUR = {
    GroupState.RUNNING: "success",
    GroupState.PENDING: "warning",
    GroupState.SUCCEEDED: "primary",
    GroupState.FAILED: "error",
    GroupState.STOPPED: "text-muted",
    GroupState.UNKNOWN: "text-muted",
}


def age(created: datetime | None, now: datetime) -> str:
    """A short age like kubectl's: 45s, 12m, 3h, 9d."""
    if created is None:
        return "-"
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    seconds = max(0, int((now - created).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def address(group: ContainerGroup) -> str:
    ip = group.ip_address
    if ip is None:
        return "-"
    return sanitize_name(ip.fqdn or ip.ip or "-")


def ports(group: ContainerGroup) -> str:
    ip = group.ip_address
    found = ip.ports if ip is not None and ip.ports else ()
    if not found:
        found = tuple(p for c in group.containers for p in c.ports)
    if not found:
        return "-"
    return ",".join(
        f"{p.port}" if p.protocol.upper() == "TCP" else f"{p.port}/{p.protocol.lower()}"
        for p in found
    )


def row_values(group: ContainerGroup, now: datetime) -> dict[str, str]:
    """Column key → displayed string. Undetailed groups show '…' for live facts."""
    total = len(group.containers)
    live = group.detailed
    restarts = group.restart_count
    return {
        "name": sanitize_name(group.name),
        "state": sanitize_name(str(group.state)),
        "ready": f"{group.ready_count}/{total}" if live else f"…/{total}",
        "restarts": str(restarts) if restarts is not None else ("-" if live else "…"),
        "address": address(group),
        "ports": ports(group),
        "os": sanitize_name(group.os_type),
        "policy": sanitize_name(group.restart_policy),
        "location": sanitize_name(group.location or "-"),
        "age": age(group.created, now),
        "rg": sanitize_name(group.resource_group),
    }


def images(group: ContainerGroup) -> str:
    return " ".join(c.image for c in group.containers)
