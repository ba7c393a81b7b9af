"""What the diagnosis rules read: thresholds, telltale words, and shared lookups.

Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from acitui.diagnosis.words import ago, aware, describe_exit, event_line, state_line, tail_lines
from acitui.model import (
    Container,
    ContainerGroup,
    ContainerStatus,
    Diagnosis,
    Event,
    MetricSample,
    Severity,
    sort_events,
)

#: Restarts and events older than this no longer count as "now".
WINDOW = timedelta(minutes=10)
#: Starting for longer than this is "stuck" rather than "starting".
STUCK_AFTER = timedelta(minutes=5)
#: Memory use at or above this share of the limit counts as "at the limit".
MEMORY_AT_LIMIT = 95.0
MAX_EVIDENCE = 10


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


#: Telltale words in event reasons/messages and detail statuses (matched lower-case).
PULL_WORDS = _words(
    "inaccessibleimage|errimagepull|imagepullbackoff|failed to pull|pull access denied"
    "|manifest unknown|is not accessible|repository does not exist|image not found|no such image"
)
AUTH_WORDS = _words(
    "unauthorized|authentication required|access denied|denied:|credential|forbidden|401|403"
)
MISSING_WORDS = _words("not found|manifest unknown|does not exist|no such image")
QUOTA_WORDS = _words(
    "serviceunavailable|quota|capacity|containergroupquotareached|regioncapacity|skunotavailable"
)
PROBE_WORDS = _words("probe failed|liveness probe|readiness probe|health check failed|unhealthy")
STARTING_STATES = {"creating", "pending", "updating", "repairing"}


class Context:
    """What the rules read, with the lookups they share."""

    def __init__(
        self, group: ContainerGroup, now: datetime, tail: list[str], metrics: list[MetricSample]
    ) -> None:
        self.group, self.now, self.tail, self.metrics = group, now, tail, metrics
        self.events = sort_events(group.events)  # newest first

    def recent(self, event: Event) -> bool:
        """The event happened within :data:`WINDOW` (or carries no time)."""
        when = event.last_timestamp or event.first_timestamp
        return when is None or self.now - aware(when) <= WINDOW

    def events_of(self, container: str | None, words: Iterable[str]) -> list[Event]:
        """Events (of ``container``, or any when None) whose reason or text has one of ``words``."""
        return [
            e
            for e in self.events
            if (container is None or e.container in (container, None))
            and has(f"{e.name} {e.message}", words)
        ]

    def memory_shares(self, container: str) -> list[float]:
        """The container's memory use, % of its limit, oldest sample first."""
        known = [s for s in self.metrics if s.container == container and s.memory_percent]
        return [s.memory_percent or 0.0 for s in sorted(known, key=lambda s: aware(s.time))]

    def make(
        self,
        severity: Severity,
        rule: str,
        summary: str,
        evidence: Iterable[str],
        container: str | None = None,
    ) -> Diagnosis:
        """A diagnosis with at most :data:`MAX_EVIDENCE` non-empty evidence lines."""
        lines = [line for line in evidence if line][:MAX_EVIDENCE]
        return Diagnosis(severity, summary, tuple(lines), rule, container)


def has(text: str, words: Iterable[str]) -> bool:
    low = text.lower()
    return any(w in low for w in words)


def failed_members(group: ContainerGroup) -> bool:
    """A stopped or finished group with an OOM-killed member: still worth a diagnosis."""
    return any(detail_of(c).lower() == "oomkilled" for c in group.containers)


def detail_of(c: Container) -> str:
    return c.current_state.detail_status if c.current_state else ""


def status_of(c: Container) -> ContainerStatus:
    return c.current_state.status if c.current_state else ContainerStatus.UNKNOWN


def last_exit(c: Container) -> int | None:
    """The code the container's last run ended with (this run's, else the previous one's)."""
    if c.exit_code is not None:
        return c.exit_code
    return c.previous_state.exit_code if c.previous_state else None


def last_crash(c: Container, ctx: Context) -> datetime | None:
    """When the container last ended, as far as its states and events say."""
    times = [s.finish_time for s in (c.current_state, c.previous_state) if s and s.finish_time]
    times += [
        e.last_timestamp
        for e in ctx.events_of(c.name, ("backoff", "died", "oomkilled"))
        if e.container == c.name and e.last_timestamp
    ]
    return max((aware(t) for t in times), default=None)


def restart_words(c: Container, ctx: Context) -> str:
    """``7 restarts in the last 6 min, last 21 s ago`` (or ``7 restarts, 4 in the last…``)."""
    total = c.restart_count or 0
    text = f"{total} restart" + ("" if total == 1 else "s")
    started = next((e for e in ctx.events if e.container == c.name and e.name == "Started"), None)
    first = started.first_timestamp if started is not None else None
    if started is not None and first is not None and started.count > 1:
        if ctx.now - aware(first) <= WINDOW:
            recent = started.count - 1
            span = f"in the last {ago(first, ctx.now)}"
            text = f"{text} {span}" if recent == total else f"{text}, {recent} {span}"
    last = last_crash(c, ctx)
    return text + (f", last {ago(last, ctx.now)} ago" if last else "")


def crash_evidence(c: Container, ctx: Context, words: Iterable[str]) -> list[str]:
    """State, last exit, matching events and the previous run's tail."""
    code = last_exit(c)
    lines = [state_line(c)]
    if code is not None and (c.current_state is None or c.current_state.exit_code is None):
        lines.append(f"last run ended with {describe_exit(code)}")
    lines += [event_line(e, ctx.now) for e in ctx.events_of(c.name, words)[:3]]
    return lines + tail_lines(ctx.tail)
