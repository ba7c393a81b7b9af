"""The Azure backend's detail and log reads: one group with a short cache, a container's log.

Each function takes the :class:`~acitui.backends.azure.backend.AzureBackend` whose
clients, semaphore and cache it uses; ``get_group``/``get_logs``/``follow_logs`` delegate here.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from acitui.backends.azure import logs as azure_logs
from acitui.backends.azure.transport import unexpected_answer
from acitui.errors import InvalidInputError
from acitui.model import ContainerGroup, GroupRef, LogLine

if TYPE_CHECKING:
    from acitui.backends.azure.backend import AzureBackend


async def fetch_group(backend: AzureBackend, ref: GroupRef, *, fresh: bool) -> ContainerGroup:
    """Cached detail, or one read shared by every caller asking at the same time."""
    key = str(ref).lower()
    cached = backend._cache.get(key)
    if not fresh and cached and time.monotonic() - cached[0] < backend.detail_cache_seconds:
        return cached[1]
    inflight = backend._inflight
    task = inflight.get(key)
    if task is None:
        task = asyncio.ensure_future(_read_group(backend, ref, key))
        inflight[key] = task
        task.add_done_callback(lambda done: _settle(inflight, key, done))
    return await asyncio.shield(task)


def _settle(
    inflight: dict[str, asyncio.Future[ContainerGroup]],
    key: str,
    task: asyncio.Future[ContainerGroup],
) -> None:
    if inflight.get(key) is task:
        del inflight[key]
    if not task.cancelled():
        task.exception()  # retrieved: a read whose callers all left is not an error


async def _read_group(backend: AzureBackend, ref: GroupRef, key: str) -> ContainerGroup:
    client = await backend._aci_client()
    if await backend.newer.newer():
        raw = await backend.newer.group(ref, f"read container group {ref}")
    else:
        with backend._arm(f"read container group {ref}"):
            async with backend._reads:
                raw = await client.container_groups.get(ref.resource_group, ref.name)
    group = backend._map(raw, f"read container group {ref}", detailed=True)
    backend._cache[key] = (time.monotonic(), group)
    return group


async def read_log(
    backend: AzureBackend, ref: GroupRef, container: str, tail: int | None, timestamps: bool
) -> str | None:
    """The log's text as ARM sends it (None: no log yet)."""
    client = await backend._aci_client()
    with backend._arm(f"read the log of container {container} in {ref}"):
        async with backend._reads:
            logs = await client.containers.list_logs(
                ref.resource_group, ref.name, container, tail=tail, timestamps=timestamps
            )
    content = getattr(logs, "content", None)
    if content is not None and not isinstance(content, str):
        what = f"read the log of container {container} in {ref}"
        raise unexpected_answer(backend.clients.target.arm_endpoint, what, "no text in content")
    return content


async def follow_log(
    backend: AzureBackend, ref: GroupRef, container: str, tail: int | None
) -> AsyncIterator[LogLine]:
    """Poll the log every ``log_poll_seconds``; each line once, restarts and gaps marked."""

    async def read(asked: int | None) -> str | None:
        return await read_log(backend, ref, container, asked, True)

    async def facts() -> azure_logs.ContainerFacts:
        found = (await fetch_group(backend, ref, fresh=True)).container(container)
        if found is None:
            return azure_logs.ContainerFacts()
        previous = found.previous_state
        return azure_logs.ContainerFacts(
            found.restart_count, previous.exit_code if previous else None, found.ready
        )

    lines = azure_logs.follow(
        read,
        facts,
        container,
        tail=tail,
        poll_seconds=max(0.01, backend.clients.settings.log_poll_seconds),
        # loop time, like the poll's sleeps: the budget and the polls share one clock
        budget=azure_logs.ReadBudget(
            backend.log_reads_per_minute, clock=asyncio.get_running_loop().time
        ),
    )
    async for line in lines:
        yield line


def check_tail(tail: int | None) -> None:
    """ARM answers a negative tail with nothing at all: refuse it instead."""
    if tail is not None and (isinstance(tail, bool) or not isinstance(tail, int) or tail < 0):
        raise InvalidInputError(f"tail must be a whole number ≥ 0, not {tail!r}")
