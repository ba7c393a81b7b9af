"""How a container group is shown in a table row: sanitised strings and a column layout.

The render layer between the list model and the table view: no Textual, no Rich.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from acitui.metrics_format import cpu_cell, memory_cell
from acitui.model import ContainerGroup, ContainerStatus, GroupState, MetricSample
from acitui.render_newer import short_badges
from acitui.sanitize import sanitize_name


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the groups table.

    ``priority``: 0 is kept longest when the width runs short. ``least``/``most``:
    the narrowest it may get and the widest it is worth (``most`` 0: as wide as
    its widest value, up to ``cap``).
    """

    key: str
    label: str
    least: int
    most: int
    priority: int
    cap: int = 0


COLUMNS: tuple[Column, ...] = (
    Column("name", "Name", 12, 0, 0, cap=48),
    Column("state", "State", 9, 10, 1),
    Column("ready", "Ready", 5, 6, 2),
    Column("restarts", "Restarts", 4, 8, 3),
    # before the address, which would otherwise take all the room: badges are short
    Column("badges", "Badges", 6, 0, 5, cap=24),
    Column("address", "IP / FQDN", 9, 0, 5, cap=96),
    Column("ports", "Ports", 5, 12, 6),
    Column("os", "OS", 5, 7, 10),
    Column("policy", "Restart", 7, 9, 9),
    Column("location", "Location", 8, 12, 8),
    Column("age", "Age", 4, 5, 4),
    Column("rg", "Resource group", 8, 16, 7),
    # live use (issue 15): the first to go on a narrow terminal
    Column("cpu", "CPU", 5, 10, 12),
    Column("mem", "Memory", 6, 14, 13),
)
#: Content-sized columns left out when no group has anything to show in them.
OPTIONAL = frozenset({"badges"})
#: Cells are separated by one blank; the line starts with one too.
GAP = 1

#: GroupState (or a shown state word) → theme variable used to colour the state cell.
STATE_COLOUR = {
    GroupState.RUNNING: "success",
    GroupState.PENDING: "warning",
    GroupState.SUCCEEDED: "primary",
    GroupState.FAILED: "error",
    GroupState.STOPPED: "text-muted",
    GroupState.UNKNOWN: "text-muted",
    "Waiting": "warning",
    "CrashLoop": "error",
}


def fit_columns(width: int, wants: dict[str, int] | None = None) -> list[tuple[Column, int]]:
    """The columns to show in ``width`` cells and each one's width, in display order.

    Room goes to each column up to what it is worth, most important first; the
    least important columns are dropped while a more important one would be cut
    (k9s's way: OS, restart policy and location go before the address is cut).
    ``wants``: the widest value of the content-sized columns (name, address).
    """
    wants = wants or {}

    def most(column: Column) -> int:
        if column.most:
            return column.most
        widest = max(wants.get(column.key, 0), len(column.label), column.least)
        return min(widest, column.cap or widest)

    chosen = sorted(
        (c for c in COLUMNS if c.key not in OPTIONAL or wants.get(c.key, 0) > 0),
        key=lambda c: c.priority,
    )
    while True:
        sizes, short = _grow(chosen, width, most)
        if len(chosen) == 1 or (short is None and sizes is not None):
            break
        if sizes is not None and short is not None and short.priority >= chosen[-1].priority:
            break  # only the last column is cut: keep it, narrowed
        chosen.pop()
    if sizes is None:  # even the one column left is too wide: narrow it
        sizes = {chosen[0].key: max(1, width - 2 * GAP)}
    return [(c, sizes[c.key]) for c in COLUMNS if c.key in sizes]


def _grow(
    chosen: list[Column], width: int, most: Callable[[Column], int]
) -> tuple[dict[str, int] | None, Column | None]:
    """Widths for ``chosen`` in ``width`` (None: they don't fit), and the first column cut."""
    room = width - GAP - sum(c.least + GAP for c in chosen)
    if room < 0:
        return None, None
    sizes = {c.key: c.least for c in chosen}
    short = None
    for column in chosen:
        extra = min(room, most(column) - column.least)
        sizes[column.key] += max(0, extra)
        room -= max(0, extra)
        if short is None and sizes[column.key] < most(column):
            short = column
    return sizes, short


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
    """Ports as ``80,53/udp``; the protocol is provider text, so it is sanitised too."""
    ip = group.ip_address
    found = ip.ports if ip is not None and ip.ports else ()
    if not found:
        found = tuple(p for c in group.containers for p in c.ports)
    if not found:
        return "-"
    return ",".join(
        f"{p.port}"
        if p.protocol.upper() == "TCP"
        else f"{p.port}/{sanitize_name(p.protocol.lower())}"
        for p in found
    )


def shown_state(group: ContainerGroup) -> str:
    """The state word: a running group whose container waits in back-off says so.

    ACI and k9s show a container in restart back-off as waiting (CrashLoopBackOff),
    not as a running group with nothing ready.
    """
    if group.state is GroupState.RUNNING and group.detailed:
        waiting = [
            c.current_state
            for c in group.containers
            if c.current_state is not None and c.current_state.status is ContainerStatus.WAITING
        ]
        if any("backoff" in s.detail_status.lower() for s in waiting):
            return "CrashLoop"
        if waiting:
            return "Waiting"
    return sanitize_name(str(group.state))


def state_colour(group: ContainerGroup, shown: str) -> str:
    """The theme variable that colours the state cell."""
    return STATE_COLOUR.get(shown, STATE_COLOUR.get(group.state, "text-muted"))


def metric_colour(metric: MetricSample | None, column: str) -> str:
    """``warning`` above 80 % of the limit, ``error`` from 95 %, "" otherwise (cpu/mem cells)."""
    share = None
    if metric is not None:
        share = metric.cpu_percent if column == "cpu" else metric.memory_percent
    if share is None or share < 80:
        return ""
    return "error" if share >= 95 else "warning"


def row_values(
    group: ContainerGroup, now: datetime, metric: MetricSample | None = None
) -> dict[str, str]:
    """Column key → displayed string. Undetailed groups show '…' for live facts.

    ``metric``: the group's newest reading (containers summed, the busiest one's share).
    """
    total = len(group.containers)
    live = group.detailed
    restarts = group.restart_count
    return {
        "name": sanitize_name(group.name),
        "state": shown_state(group),
        "ready": f"{group.ready_count}/{total}" if live else f"…/{total}",
        "restarts": str(restarts) if restarts is not None else ("-" if live else "…"),
        "address": address(group),
        "ports": ports(group),
        "os": sanitize_name(group.os_type),
        "policy": sanitize_name(group.restart_policy),
        "location": sanitize_name(group.location or "-"),
        "age": age(group.created, now),
        "rg": sanitize_name(group.resource_group),
        "cpu": cpu_cell(metric),
        "mem": memory_cell(metric),
        "badges": badges_text(group),
    }


def badges_text(group: ContainerGroup) -> str:
    """Spot, Confidential, NGroup, profile revision, zones: the list's badges, or "" (sanitised).

    The detail title and describe show them all (identities, subnet, Key Vault…).
    """
    return " · ".join(short_badges(group))


def images(group: ContainerGroup) -> str:
    return " ".join(c.image for c in group.containers)
