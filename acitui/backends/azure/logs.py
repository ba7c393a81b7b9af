"""The polling loop behind ``AzureBackend.follow_logs``.

Reads the last ``tail`` lines every ``poll_seconds``, hands each read to the
pure :class:`~acitui.backends.azure.follow.LogFollower`, and checks the
container's restart count every few polls (and whenever the log starts over).
Every ARM read passes a :class:`ReadBudget`, so one followed container never
costs more than ``per_minute`` reads in any minute.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from acitui.backends.azure.follow import LogFollower, Verdict, Window, split_content
from acitui.errors import ThrottledError, UnavailableError
from acitui.model import LineKind, LogLine

#: read(tail) -> the log content; tail None reads the whole log.
ReadLog = Callable[[int | None], Awaitable[str | None]]


@dataclass(frozen=True, slots=True)
class ContainerFacts:
    """What the follower needs from the container's instance view."""

    restart_count: int | None = None
    previous_exit_code: int | None = None
    running: bool | None = None


#: facts() -> the container's restart count, last exit code and whether it runs.
ReadFacts = Callable[[], Awaitable[ContainerFacts]]

#: Consecutive failed polls before the follow gives up with the error.
MAX_FAILURES = 5


class ReadBudget:
    """A token bucket: ``burst`` reads at once, never more than ``per_minute`` in 60 s."""

    def __init__(
        self,
        per_minute: int = 30,
        burst: int = 5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst = max(1, min(burst, per_minute))
        self.rate = max(per_minute - self.burst, 1) / 60.0
        self._clock = clock
        self._tokens = float(self.burst)
        self._stamp = clock()

    def delay(self) -> float:
        """Seconds to wait before the next read may go out (0: now)."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        return 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate

    def take(self) -> None:
        self.delay()
        self._tokens -= 1

    async def acquire(self) -> None:
        while (wait := self.delay()) > 0:
            await asyncio.sleep(wait)
        self.take()


async def follow(
    read_log: ReadLog,
    read_facts: ReadFacts,
    container: str,
    *,
    tail: int | None,
    poll_seconds: float,
    budget: ReadBudget,
    check_every: int = 5,
) -> AsyncIterator[LogLine]:
    """Yield the last ``tail`` lines, then each new line once, with RESTART/GAP markers."""
    follower = LogFollower(container, base_tail=max(100, min(tail or 0, 1000)))

    async def read(asked: int | None) -> Window:
        await budget.acquire()
        return Window(tuple(split_content(await read_log(asked))), asked)

    first_tail = None if tail is None else max(tail, follower.tail)
    for line in follower.first(await read(first_tail), tail):
        yield line
    await budget.acquire()
    facts = await read_facts()
    follower.restart_marker(facts.restart_count, facts.previous_exit_code)

    polls = failures = 0
    while True:
        await asyncio.sleep(poll_seconds * (2 ** min(failures, 4)))
        try:
            step = follower.advance(await read(follower.tail))
            while step.verdict is Verdict.NEED_MORE:
                step = follower.advance(await read(follower.tail))
        except (UnavailableError, ThrottledError) as exc:
            failures += 1
            if failures >= MAX_FAILURES:
                raise
            if failures == 1:
                yield LogLine(
                    text=f"log reads failing, retrying: {exc.message}",
                    container=container,
                    kind=LineKind.INFO,
                )
            continue
        polls += 1
        notes: list[LogLine] = []
        if step.verdict is Verdict.RESET or polls % check_every == 0:
            facts = ContainerFacts()
            try:
                await budget.acquire()
                facts = await read_facts()
            except (UnavailableError, ThrottledError):
                pass  # the lines are already accepted: show them, mark without the exit code
            if step.verdict is Verdict.RESET and not step.lines and facts.running is False:
                follower.forget_reset()  # stopped, not restarted: the log just emptied
                notes.append(
                    LogLine(
                        text=f"container {container} is not running; waiting for it to start",
                        container=container,
                        kind=LineKind.INFO,
                    )
                )
            marker = follower.restart_marker(facts.restart_count, facts.previous_exit_code)
            notes += [marker] if marker is not None else []
        if failures:
            failures = 0
            yield LogLine(text="log reads resumed", container=container, kind=LineKind.INFO)
        for line in (*notes, *step.lines):
            yield line
