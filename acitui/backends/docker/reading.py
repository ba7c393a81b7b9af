"""The Docker backend's read path: listing and reading groups, on an API client.

Blocking functions (they run in a worker thread) taking the
:class:`~acitui.backends.docker.backend.DockerBackend` for its plans and event history.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from acitui.backends.docker.events import FILTERS, EventHistory, RawEvent, group_events
from acitui.backends.docker.grouping import DEFAULT_RG, GroupPlan
from acitui.backends.docker.mapping import build_group
from acitui.backends.docker.socket_list import SocketApi, Unusable, is_gone
from acitui.backends.docker.stats import Watched
from acitui.backends.docker.times import parse_time_ns
from acitui.errors import AcituiError, NotFoundError
from acitui.model import ContainerGroup, GroupRef, sort_events
from acitui.sanitize import sanitize

if TYPE_CHECKING:
    from acitui.backends.docker.backend import DockerBackend

T = TypeVar("T")


def inspect_all(api: Any, plans: list[GroupPlan]) -> dict[str, dict[str, Any]]:
    """Each member's inspect by id; members removed since they were listed are left out."""
    out = {}
    for plan in plans:
        for m in plan.members:
            try:
                out[m.id] = api.inspect_container(m.id)
            except Exception as exc:
                if is_gone(exc):  # removed since it was listed
                    continue
                raise
    return out


def over_socket(backend: DockerBackend, fn: Callable[..., T], *args: Any) -> T | None:
    """``fn(api, *args)`` on a unix socket without docker-py; None: use docker-py."""
    try:
        api = SocketApi(backend.host, backend.request_timeout, backend.max_body_bytes)
    except Unusable:
        return None
    try:
        return fn(api, *args)
    except AcituiError:
        raise  # not found, no answer, too large: the same errors docker-py's path gives
    except Exception:  # anything odd: docker-py's path runs it again and reports it
        return None
    finally:
        api.close()


def list_groups(
    backend: DockerBackend, api: Any, resource_group: str | None
) -> list[ContainerGroup]:
    """Every group (or those of one resource group) with its members' inspects."""
    plans = backend._plans(api)
    if resource_group is not None:
        plans = [p for p in plans if p.ref.resource_group == resource_group]
        if not plans and resource_group != DEFAULT_RG:
            raise NotFoundError(
                f"No resource group {sanitize(resource_group)!r} on this engine",
                hint="Resource groups are the acitui.resource-group label; "
                "list them with `acitui resource-groups`",
            )
    inspects = inspect_all(api, plans)
    history = backend._history
    history.mark_oom(inspects)
    exits = history.last_exits(inspects)
    return [
        build_group(p, inspects, last_exits=exits)
        for p in plans
        if any(m.id in inspects for m in p.members)
    ]


def replay_events(history: EventHistory, api: Any, inspects: dict[str, dict[str, Any]]) -> None:
    """What the daemon still remembers about these containers, into ``history``."""
    created = [i.get("Created", "") for i in inspects.values()]
    oldest = min((parse_time_ns(c) or 0 for c in created), default=0)
    filters = {**FILTERS, "container": list(inspects)}
    since = f"{max(oldest // 1_000_000_000 - 1, 0)}"
    for data in api.events(since=since, until=f"{time.time():.9f}", filters=filters, decode=True):
        raw = RawEvent.from_docker(data)
        if raw is not None:
            history.add(raw)


def get_group(backend: DockerBackend, api: Any, ref: GroupRef) -> ContainerGroup:
    """One group in full: live states and the events the daemon remembers."""
    plan = backend._plan(api, ref)
    inspects = inspect_all(api, [plan])
    if not inspects:
        raise NotFoundError(f"Container group {sanitize(str(ref))} was just removed")
    history = backend._history
    replay_events(history, api, inspects)
    history.mark_oom(inspects)
    members: list[tuple[str, Mapping[str, Any]]] = [
        (plan.container_name(m), inspects[m.id]) for m in plan.members if m.id in inspects
    ]
    events = group_events(history.of(inspects), members)
    exits = history.last_exits(inspects)
    return build_group(plan, inspects, tuple(sort_events(events)), exits)


def running(backend: DockerBackend, api: Any, ref: GroupRef) -> list[Watched]:
    """The group's running containers, with their CPU limit, for the stats readers."""
    plan = backend._plan(api, ref)
    watched = []
    for m in plan.members:
        try:
            found = api.inspect_container(m.id)
        except Exception as exc:
            if is_gone(exc):
                continue
            raise
        if (found.get("State") or {}).get("Running"):
            nano = (found.get("HostConfig") or {}).get("NanoCpus") or 0
            watched.append(Watched(m.id, plan.container_name(m), nano / 1e9 or None))
    return watched
