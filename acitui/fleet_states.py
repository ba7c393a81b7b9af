"""Live states for a headless ``groups`` listing, within a read budget the user chose.

ARM's list carries no instance view: each group's state is one more GET. On a
5,000-group fleet that is 5,000 reads (a large share of a subscription's hourly
read budget) and over a minute of waiting, so by default states are read only
for listings of up to :data:`DEFAULT_LIMIT` groups; ``--states`` reads them all,
``--no-states`` none. Reads run at most :data:`CONCURRENCY` at a time; progress
goes to stderr (a terminal only); the caller says what was not read.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from acitui.backends.base import Backend
from acitui.errors import NotFoundError
from acitui.model import ContainerGroup

#: Listings needing more reads than this get none unless ``--states`` is given.
DEFAULT_LIMIT = 200
#: Reads in flight at once (the Azure backend bounds its own calls at 8 as well).
CONCURRENCY = 8


@dataclass
class StateReads:
    """What filling in states did: reads made, groups left without a state, and why."""

    reads: int = 0
    skipped: int = 0
    gone: int = 0
    reason: str = ""


def wanted(states: bool | None, missing: int, limit: int = DEFAULT_LIMIT) -> bool:
    """Whether to read ``missing`` states: ``states`` is the flag (None = not given)."""
    if states is None:
        return missing <= limit
    return states


class Progress:
    """``acitui: states 120/5000`` on one stderr line, redrawn; silent when not a terminal."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.live = total > 0 and self.stream.isatty()

    def step(self) -> None:
        self.done += 1
        if self.live and (self.done == self.total or self.done % 10 == 0):
            self.stream.write(f"\racitui: states {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[K")  # our own line, cleared; nothing of the provider's
            self.stream.flush()


async def fill_states(
    backend: Backend,
    groups: list[ContainerGroup],
    *,
    states: bool | None,
    limit: int = DEFAULT_LIMIT,
    progress: Callable[[int], Progress] = Progress,
) -> tuple[list[ContainerGroup], StateReads]:
    """``groups`` with live state read for those listed without it, if the budget allows."""
    missing = [i for i, g in enumerate(groups) if not g.detailed]
    result = StateReads()
    if not missing:
        return groups, result
    if not wanted(states, len(missing), limit):
        result.skipped = len(missing)
        result.reason = "--no-states" if states is False else f"more than {limit}; pass --states"
        return groups, result
    out = list(groups)
    gate = asyncio.Semaphore(CONCURRENCY)
    bar = progress(len(missing))

    async def one(i: int) -> None:
        async with gate:
            result.reads += 1
            try:
                out[i] = await backend.get_group(groups[i].ref)
            except NotFoundError:  # deleted between list and get: keep the listed row
                result.gone += 1
            bar.step()

    try:
        await asyncio.gather(*(one(i) for i in missing))
    finally:
        bar.close()
    return out, result


def summary(listed: int, reads: StateReads) -> str:
    """The stderr line saying what was (not) read, or "" when nothing needs saying."""
    if reads.skipped:
        return (
            f"states of {reads.skipped:,} of {listed:,} groups not read ({reads.reason}); "
            "STATE shows what the list says"
        )
    return ""
