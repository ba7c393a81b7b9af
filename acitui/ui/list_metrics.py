"""CPU and memory for the list's visible running groups: one short snapshot per group, on a timer.

Each poll is a worker that ends (never an endless stream), so the list never
holds a reader for a row scrolled away; Docker is polled every few seconds, a
backend whose readings are per minute (Azure Monitor) at its grain.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from acitui.backends.base import Backend
from acitui.errors import AcituiError
from acitui.metrics_format import group_total
from acitui.model import GroupState
from acitui.ui.groups_model import GroupsModel

#: Seconds between polls, by backend name (others: the default).
POLL_SECONDS = {"docker": 5.0, "azure": 60.0}
DEFAULT_POLL = 30.0
#: Groups read per poll at most (the visible rows are rarely more).
MOST_GROUPS = 40
#: Snapshots in flight at once (a Docker snapshot takes about a second).
AT_ONCE = 8


def poll_seconds(backend: Backend) -> float:
    return POLL_SECONDS.get(backend.name, DEFAULT_POLL)


def wanted(model: GroupsModel, visible: list[str]) -> list[str]:
    """The visible keys worth reading: running (or with a container running)."""
    keys = []
    for key in visible:
        group = model.group(key)
        if group is not None and (group.state is GroupState.RUNNING or group.ready_count > 0):
            keys.append(key)
    return keys[:MOST_GROUPS]


async def read_metrics(
    backend: Backend, model: GroupsModel, keys: list[str], on_change: Callable[[], None]
) -> None:
    """A snapshot of each group (a few at once) into ``model.metrics``; ``on_change`` after each.

    Best effort: a group that cannot be read now keeps no figure (the list itself
    reports an unreachable backend).
    """
    gate = asyncio.Semaphore(AT_ONCE)

    async def one(key: str) -> None:
        group = model.group(key)
        if group is None:
            return
        async with gate:
            try:
                samples = await backend.metrics_snapshot(group.ref)
            except AcituiError:
                samples = []
        total = group_total(samples)
        if total is None:
            model.metrics.pop(key, None)
        else:
            model.metrics[key] = total
        on_change()

    await asyncio.gather(*(one(k) for k in keys))
