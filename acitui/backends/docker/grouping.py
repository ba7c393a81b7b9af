"""Which Docker containers form which container group, and their state.

Three kinds of group, checked in this order:

- ``namespace``: containers labelled ``acitui.group=<name>`` sharing a network
  namespace, the owner first and members (``network_mode=container:<owner>``)
  after — ACI's model. An unlabelled container that joins a grouped
  container's namespace belongs to that group too.
- ``compose``: the containers of one Compose project, named by service.
- ``single``: any other container, a group of one named after it.

The resource group is the ``acitui.resource-group`` label (default ``local``).
Pure functions over docker-py's dicts: no engine calls here.

Every group has its own ``RG/NAME``: names taken from labels escape ``%``,
``/`` and ``~`` (``a/b`` is ``a%2Fb``), so two label pairs never read as one
address; when two kinds claim one name, the labelled group keeps it and the
other is shown as ``NAME~compose`` or ``NAME~container`` (Docker names and
escaped labels cannot contain ``~``), never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from acitui.model import ContainerStatus, GroupRef, GroupState

LABEL_RG = "acitui.resource-group"
LABEL_GROUP = "acitui.group"
LABEL_CONTAINER = "acitui.container"
LABEL_COMPOSE = "com.docker.compose.project"
LABEL_SERVICE = "com.docker.compose.service"
DEFAULT_RG = "local"

_SIGNAL_EXITS = {130, 137, 143}  # SIGINT, SIGKILL, SIGTERM: stopped, not crashed


_ESCAPES = str.maketrans({"%": "%25", "/": "%2F", "~": "%7E"})
_KIND_ORDER = ("namespace", "compose", "single")
_CLASH_SUFFIX = {"compose": "~compose", "single": "~container"}


def label_name(value: str) -> str:
    """A label value as a name in ``RG/NAME``: ``%``, ``/`` and ``~`` escaped (unambiguous)."""
    return value.translate(_ESCAPES)


@dataclass(frozen=True)
class Member:
    """The facts grouping needs, from a container summary or an inspect."""

    id: str
    docker_name: str
    labels: Mapping[str, str]
    network_mode: str
    created: float

    @classmethod
    def from_summary(cls, summary: Mapping[str, Any]) -> Member:
        names = summary.get("Names") or [summary["Id"][:12]]
        return cls(
            id=summary["Id"],
            docker_name=names[0].lstrip("/"),
            labels=summary.get("Labels") or {},
            network_mode=(summary.get("HostConfig") or {}).get("NetworkMode", ""),
            created=float(summary.get("Created") or 0),
        )

    @property
    def owner_hint(self) -> str | None:
        """The container whose namespace this one joins (id, id prefix or name)."""
        if self.network_mode.startswith("container:"):
            return self.network_mode.partition(":")[2]
        return None

    @property
    def resource_group(self) -> str:
        return label_name(self.labels.get(LABEL_RG) or DEFAULT_RG)


@dataclass
class GroupPlan:
    """One group: its address, kind and members (namespace owner first)."""

    ref: GroupRef
    kind: str  # namespace | compose | single
    members: list[Member] = field(default_factory=list)

    def container_name(self, member: Member) -> str:
        """The name a member goes by inside its group."""
        if self.kind == "namespace":
            return member.labels.get(LABEL_CONTAINER) or member.docker_name
        if self.kind == "compose":
            service = member.labels.get(LABEL_SERVICE)
            same = [m for m in self.members if m.labels.get(LABEL_SERVICE) == service]
            return service if service and len(same) == 1 else member.docker_name
        return member.docker_name

    def find(self, container: str) -> Member | None:
        for m in self.members:
            if self.container_name(m) == container:
                return m
        for m in self.members:  # a docker name or id works too
            if container in (m.docker_name, m.id) or (
                len(container) >= 12 and m.id.startswith(container)
            ):
                return m
        return None


def plan_groups(members: list[Member]) -> list[GroupPlan]:
    """Sort containers into groups; sorted by (resource group, name)."""
    by_key: dict[str, Member] = {}
    for m in members:
        by_key[m.id] = m
        by_key.setdefault(m.docker_name, m)
    plans: dict[tuple[str, str, str], GroupPlan] = {}
    joiners: list[Member] = []
    for m in members:
        if m.labels.get(LABEL_GROUP):
            key = ("namespace", m.resource_group, label_name(m.labels[LABEL_GROUP]))
        elif m.labels.get(LABEL_COMPOSE):
            key = ("compose", m.resource_group, label_name(m.labels[LABEL_COMPOSE]))
        elif m.owner_hint:
            joiners.append(m)
            continue
        else:
            key = ("single", m.resource_group, m.docker_name)
        plan = plans.setdefault(key, GroupPlan(GroupRef(key[1], key[2]), key[0]))
        plan.members.append(m)
    member_plan = {m.id: p for p in plans.values() for m in p.members}
    for m in joiners:
        owner = _resolve(m.owner_hint or "", by_key)
        joined = member_plan.get(owner.id) if owner is not None else None
        if joined is None:
            joined = GroupPlan(GroupRef(m.resource_group, m.docker_name), "single")
            plans[("single", m.resource_group, m.docker_name)] = joined
        joined.members.append(m)
    unique: dict[GroupRef, GroupPlan] = {}
    for key in sorted(plans, key=lambda k: _KIND_ORDER.index(k[0])):
        plan = plans[key]
        if plan.ref in unique:  # a labelled group keeps the name; this one is renamed, not lost
            plan.ref = GroupRef(plan.ref.resource_group, plan.ref.name + _CLASH_SUFFIX[plan.kind])
        unique[plan.ref] = plan
    for plan in unique.values():
        plan.members.sort(key=lambda m: (m.owner_hint is not None, m.created, m.docker_name))
    return sorted(unique.values(), key=lambda p: (p.ref.resource_group, p.ref.name))


def _resolve(hint: str, by_key: Mapping[str, Member]) -> Member | None:
    if hint in by_key:
        return by_key[hint]
    if len(hint) >= 12:
        return next((m for k, m in by_key.items() if k.startswith(hint)), None)
    return None


def restart_policy(inspect: Mapping[str, Any]) -> str:
    """Docker's restart policy in ACI's words: Never, OnFailure, Always."""
    name = ((inspect.get("HostConfig") or {}).get("RestartPolicy") or {}).get("Name") or "no"
    return {"on-failure": "OnFailure", "always": "Always", "unless-stopped": "Always"}.get(
        name, "Never"
    )


def container_status(state: Mapping[str, Any]) -> tuple[ContainerStatus, str]:
    """(status, detail) of a container's inspect ``State``, the way ACI words it."""
    status = state.get("Status", "")
    if status in ("running", "paused"):
        health = (state.get("Health") or {}).get("Status")
        detail = "Paused" if status == "paused" else ("Unhealthy" if health == "unhealthy" else "")
        return ContainerStatus.RUNNING, detail
    if status == "restarting":
        return ContainerStatus.WAITING, "BackOff"
    if status == "created":
        return ContainerStatus.WAITING, "Created"
    if status in ("exited", "dead", "removing"):
        return ContainerStatus.TERMINATED, terminated_detail(state)
    return ContainerStatus.UNKNOWN, status


def terminated_detail(state: Mapping[str, Any]) -> str:
    if state.get("OOMKilled"):
        return "OOMKilled"
    return "Completed" if state.get("ExitCode") == 0 else "Error"


def group_state(inspects: list[Mapping[str, Any]], policy: str) -> GroupState:
    """A group's state from its members', derived like ACI's."""
    if not inspects:
        return GroupState.UNKNOWN
    states = [i.get("State") or {} for i in inspects]
    statuses = {s.get("Status") for s in states}
    if statuses & {"running", "restarting", "paused"}:
        return GroupState.RUNNING
    if "created" in statuses:
        return GroupState.PENDING
    if policy == "Always":  # Docker would have restarted it: someone stopped it
        return GroupState.STOPPED
    codes = [s.get("ExitCode", 0) for s in states]
    if any(s.get("OOMKilled") for s in states) or any(c not in (0, *_SIGNAL_EXITS) for c in codes):
        return GroupState.FAILED
    if any(c in _SIGNAL_EXITS for c in codes):
        return GroupState.STOPPED
    return GroupState.SUCCEEDED
