"""The state machine of one container group over the emulator's clock.

Transitions are evaluated lazily: ``GroupSim.advance(now)`` applies every
transition due up to ``now`` with the timestamp it was due at, so a manual
clock gives deterministic restart counts, events and log timestamps.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from acitui.emulator.payloads import iso

_SEQ = itertools.count()


@dataclass(frozen=True)
class Behaviour:
    """How an emulated container behaves once started.

    ``run_seconds=None`` runs until stopped; otherwise it exits with ``exit_code``
    after that long, and the group's restart policy decides what happens next.
    """

    pull_seconds: float | None = None  # None → Timings.pull
    run_seconds: float | None = None
    exit_code: int = 0
    reason: str = ""  # "" → "Completed" (exit 0) or "Error"
    boot_lines: tuple[str, ...] = ()
    exit_lines: tuple[str, ...] = ()
    backoff_cap: float | None = None  # None → Timings.backoff_cap (300 s, as on ACI)


@dataclass(frozen=True)
class Timings:
    """Durations of the service's phases, in emulated seconds."""

    creating: float = 0.3
    pull: float = 1.0
    restart: float = 0.5
    backoff_base: float = 10.0
    backoff_cap: float = 300.0
    log_lines: int = 50_000


def _seconds(value: float) -> timedelta:
    return timedelta(seconds=value)


def _stamped(at: datetime, lines: tuple[str, ...]) -> list[tuple[datetime, str]]:
    """Lines written together, each a microsecond after the one before."""
    return [(at + timedelta(microseconds=i), line) for i, line in enumerate(lines)]


@dataclass
class ContainerSim:
    name: str
    image: str
    behaviour: Behaviour
    log_lines: int = 50_000
    restart_count: int = 0
    state: str = "Waiting"
    detail: str = ""
    start: datetime | None = None
    finish: datetime | None = None
    exit_code: int | None = None
    previous: dict[str, Any] | None = None
    started_once: bool = False
    crashes: int = 0
    next_at: datetime | None = None
    next_kind: str = ""
    events: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    logs: deque[tuple[datetime, str]] = field(default_factory=deque)

    def __post_init__(self) -> None:
        self.logs = deque(maxlen=self.log_lines)

    def event(self, at: datetime, name: str, message: str, kind: str = "Normal") -> None:
        """Record an event; a repeat bumps ``count`` and ``lastTimestamp``, never duplicates."""
        record = self.events.get((name, message))
        if record is None:
            self.events[(name, message)] = {
                "count": 1,
                "first": at,
                "last": at,
                "name": name,
                "message": message,
                "type": kind,
                "seq": next(_SEQ),
            }
        else:
            record["count"] += 1
            record["last"] = at
        if len(self.events) > 100:  # the service keeps a bounded list too
            oldest = min(self.events, key=lambda k: self.events[k]["last"])
            del self.events[oldest]

    def current_state(self) -> dict[str, Any]:
        out: dict[str, Any] = {"state": self.state}
        if self.start is not None and self.state != "Waiting":
            out["startTime"] = iso(self.start)
        if self.state == "Terminated":
            if self.exit_code is not None:
                out["exitCode"] = self.exit_code
            if self.finish is not None:
                out["finishTime"] = iso(self.finish)
        out["detailStatus"] = self.detail
        return out

    def view(self) -> dict[str, Any]:
        events = sorted(self.events.values(), key=lambda e: (e["last"], e["seq"]))
        out: dict[str, Any] = {
            "restartCount": self.restart_count,
            "currentState": self.current_state(),
        }
        if self.previous is not None:
            out["previousState"] = dict(self.previous)
        out["events"] = [
            {
                "count": e["count"],
                "firstTimestamp": iso(e["first"]),
                "lastTimestamp": iso(e["last"]),
                "name": e["name"],
                "message": e["message"],
                "type": e["type"],
            }
            for e in events
        ]
        return out


@dataclass
class GroupSim:
    resource_group: str
    name: str
    stored: dict[str, Any]
    created: datetime
    ip: str | None
    containers: list[ContainerSim]
    timings: Timings
    stopped: bool = False

    @property
    def restart_policy(self) -> str:
        return self.stored["properties"].get("restartPolicy", "Always")

    # -- transitions ---------------------------------------------------------
    def pull(self, c: ContainerSim, at: datetime) -> None:
        c.state, c.detail, c.start, c.finish, c.exit_code = "Waiting", "Pulling", None, None, None
        c.event(at, "Pulling", f'pulling image "{c.image}"')
        pull = c.behaviour.pull_seconds
        c.next_at = at + _seconds(self.timings.pull if pull is None else pull)
        c.next_kind = "pulled"

    def run(self, c: ContainerSim, at: datetime) -> None:
        c.state, c.detail, c.start, c.finish, c.exit_code = "Running", "", at, None, None
        c.started_once = True
        c.logs.clear()
        c.event(at, "Started", "Started container")
        c.logs.extend(_stamped(at, c.behaviour.boot_lines))
        if c.behaviour.run_seconds is None:
            c.next_at, c.next_kind = None, ""
        else:
            c.next_at = at + _seconds(c.behaviour.run_seconds)
            c.next_kind = "exit"

    def terminate(self, c: ContainerSim, at: datetime, code: int, reason: str) -> None:
        """The container's process ended; the restart policy decides what comes next."""
        lines = c.behaviour.exit_lines if code == c.behaviour.exit_code else ()
        c.logs.extend(_stamped(at, lines))
        c.state, c.finish, c.exit_code = "Terminated", at, code
        c.detail = reason or ("Completed" if code == 0 else "Error")
        c.next_at, c.next_kind = None, ""
        policy = self.restart_policy
        if policy == "Never" or (policy == "OnFailure" and code == 0):
            return
        c.previous = c.current_state()
        c.crashes += 1
        delay = 0.0
        if c.crashes > 1:
            cap = c.behaviour.backoff_cap
            cap = self.timings.backoff_cap if cap is None else cap
            delay = min(cap, self.timings.backoff_base * 2 ** (c.crashes - 2))
            c.state, c.detail = "Waiting", "CrashLoopBackOff: Back-off restarting failed container"
            c.event(at, "BackOff", "Back-off restarting failed container", "Warning")
        c.next_at, c.next_kind = at + _seconds(delay), "restart"

    def _apply(self, c: ContainerSim, at: datetime) -> None:
        kind = c.next_kind
        if kind == "pulled":
            c.event(at, "Pulled", f'Successfully pulled image "{c.image}"')
            self.run(c, at)
        elif kind == "start":
            self.run(c, at)
        elif kind == "restart":
            c.restart_count += 1
            self.run(c, at)
        elif kind == "exit":
            self.terminate(c, at, c.behaviour.exit_code, c.behaviour.reason)
        else:  # pragma: no cover - defensive
            c.next_at = None

    def advance(self, now: datetime) -> None:
        """Apply every transition due up to ``now``, in time order."""
        for _ in range(100_000):
            due = [c for c in self.containers if c.next_at is not None and c.next_at <= now]
            if not due:
                return
            first = min(due, key=lambda c: c.next_at)  # type: ignore[arg-type, return-value]
            self._apply(first, first.next_at)  # type: ignore[arg-type]

    # -- user operations -----------------------------------------------------
    def provision(self, at: datetime, instant: bool) -> None:
        """Schedule a fresh deployment: every container pulls then starts."""
        self.stopped = False
        for c in self.containers:
            c.restart_count, c.crashes, c.previous = 0, 0, None
            self.pull(c, at)
            if instant:
                self._apply(c, at)

    def stop(self, at: datetime) -> None:
        for c in self.containers:
            if c.state == "Running":
                c.event(at, "Killing", "Killing container with id " + c.name)
            c.state, c.detail, c.finish, c.exit_code = "Terminated", "Stopped", at, None
            c.next_at, c.next_kind = None, ""
            c.logs.clear()
        self.stopped = True

    def restart(self, at: datetime) -> None:
        for c in self.containers:
            if c.state == "Running":
                c.event(at, "Killing", "Killing container with id " + c.name)
            c.state, c.detail, c.crashes, c.previous = "Waiting", "Restarting", 0, None
            c.next_at, c.next_kind = at + _seconds(self.timings.restart), "start"

    # -- views ---------------------------------------------------------------
    def provisioning_state(self, now: datetime) -> str:
        if self.stopped:
            return "Succeeded"
        if now < self.created + _seconds(self.timings.creating):
            return "Creating"
        if any(not c.started_once for c in self.containers):
            return "Pending"
        return "Succeeded"

    def state(self) -> str:
        if self.stopped:
            return "Stopped"
        if any(not c.started_once for c in self.containers):
            return "Pending"
        if any(c.state != "Terminated" for c in self.containers):
            return "Running"
        return "Succeeded" if all(c.exit_code == 0 for c in self.containers) else "Failed"

    def views(self) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        group_view = {"events": [], "state": self.state()}
        return group_view, {c.name: c.view() for c in self.containers}
