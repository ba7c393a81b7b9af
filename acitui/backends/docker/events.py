"""Docker's event stream shaped like ACI events, with our own bounded history.

The daemon replays only its last 256 events, so the backend keeps what it saw
(:class:`EventHistory`), merges it with what ``inspect`` still knows
(OOMKilled, exit code, restart count, health) and folds repeats into one
event with a count and first/last timestamps. The live stream is read in
:mod:`docker_watch`.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from acitui.backends.docker.times import ns_to_datetime, parse_time_ns
from acitui.model import Event

#: The actions worth a person's attention (health checks flood exec_* otherwise).
WATCHED = ["start", "die", "oom", "kill", "restart", "health_status", "destroy"]
FILTERS = {"type": ["container"], "event": WATCHED}


@dataclass(frozen=True, slots=True)
class RawEvent:
    """One container event as the daemon sent it."""

    id: str
    action: str  # "die", "health_status: unhealthy", …
    time_ns: int
    attrs: Mapping[str, str]

    @classmethod
    def from_docker(cls, data: Mapping[str, Any]) -> RawEvent | None:
        if data.get("Type", "container") != "container":
            return None
        actor = data.get("Actor") or {}
        cid = actor.get("ID") or data.get("id")
        action = data.get("Action") or data.get("status") or ""
        if not cid or not action:
            return None
        time_ns = data.get("timeNano") or int(data.get("time") or 0) * 1_000_000_000
        return cls(cid, action, int(time_ns), dict(actor.get("Attributes") or {}))

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.id, self.action, self.time_ns)


def shape(raw: RawEvent) -> tuple[str, str, str] | None:
    """(type, reason, message) of a raw event, in ACI's words."""
    action, _, status = raw.action.partition(": ")
    if action == "start":
        return "Normal", "Started", "Started container"
    if action == "die":
        code = raw.attrs.get("exitCode", "?")
        if code == "0":
            return "Normal", "Completed", "Container exited with code 0"
        return "Warning", "Died", f"Container exited with code {code}"
    if action == "oom":
        return "Warning", "OOMKilled", "Container ran out of memory and was killed"
    if action == "kill":
        return "Normal", "Killing", f"Stopping container (signal {raw.attrs.get('signal', '?')})"
    if action == "restart":
        return "Normal", "Restarted", "Container restarted"
    if action == "health_status":
        if status == "unhealthy":
            return "Warning", "Unhealthy", "Health check failed"
        return "Normal", "Healthy" if status == "healthy" else "Health", f"Health: {status}"
    if action == "destroy":
        return "Normal", "Deleted", "Container removed"
    return None


class EventHistory:
    """The events we have seen, deduplicated, at most ``maxlen`` of them."""

    def __init__(self, maxlen: int = 5000) -> None:
        self._events: deque[RawEvent] = deque(maxlen=maxlen)
        self._keys: set[tuple[str, str, int]] = set()
        self._lock = threading.Lock()
        self.last_ns = 0

    def add(self, raw: RawEvent) -> bool:
        """Record ``raw``; False when it was already known."""
        with self._lock:
            if raw.key in self._keys:
                return False
            if len(self._events) == self._events.maxlen:
                self._keys.discard(self._events[0].key)
            self._events.append(raw)
            self._keys.add(raw.key)
            self.last_ns = max(self.last_ns, raw.time_ns)
            return True

    def of(self, ids: Iterable[str]) -> list[RawEvent]:
        wanted = set(ids)
        with self._lock:
            return sorted((e for e in self._events if e.id in wanted), key=lambda e: e.time_ns)

    def mark_oom(self, inspects: Mapping[str, dict[str, Any]]) -> None:
        """Set OOMKilled where we saw an ``oom`` event in the current run.

        The daemon records the exit a moment before it processes the OOM, so
        an inspect right after the exit may not say OOMKilled yet.
        """
        for e in self.of(inspects):
            if e.action == "oom":
                state = inspects[e.id].setdefault("State", {})
                if e.time_ns >= (parse_time_ns(state.get("StartedAt")) or 0):
                    state["OOMKilled"] = True

    def last_exits(self, ids: Iterable[str]) -> dict[str, int]:
        """The most recent exit code seen for each container."""
        out: dict[str, int] = {}
        for e in self.of(ids):
            if e.action == "die" and e.attrs.get("exitCode", "").lstrip("-").isdigit():
                out[e.id] = int(e.attrs["exitCode"])
        return out


class _Folder:
    """Folds events with the same (container, reason, message) into one with a count."""

    def __init__(self) -> None:
        self.events: dict[tuple[str | None, str, str], Event] = {}

    def add(self, container: str | None, kind: str, reason: str, message: str, ns: int | None,
            *, count: int = 1, synthetic: bool = False) -> None:  # fmt: skip
        key = (container, reason, message)
        when = ns_to_datetime(ns)
        old = self.events.get(key)
        if old is None:
            self.events[key] = Event(container, kind, reason, message, count, when, when)
            return
        self.events[key] = Event(
            container,
            kind,
            reason,
            message,
            old.count + (0 if synthetic else count),
            _bound(min, old.first_timestamp, when),
            _bound(max, old.last_timestamp, when),
        )


def _bound(pick: Callable[[list[datetime]], datetime], *times: datetime | None) -> datetime | None:
    known = [t for t in times if t is not None]
    return pick(known) if known else None


def group_events(
    raws: list[RawEvent], members: list[tuple[str, Mapping[str, Any]]]
) -> tuple[Event, ...]:
    """ACI-shaped events of a group from raw events and members' (name, inspect)."""
    folder = _Folder()
    names = {inspect.get("Id"): name for name, inspect in members}
    previous: dict[str, RawEvent] = {}
    for raw in raws:
        name = names.get(raw.id)
        shaped = shape(raw)
        if name is None or shaped is None:
            continue
        before = previous.get(raw.id)
        if raw.action == "start" and before is not None and before.action == "die":
            if before.attrs.get("exitCode", "0") != "0":  # the restart policy brought it back
                folder.add(name, "Warning", "BackOff", "Back-off restarting failed container",
                           raw.time_ns)  # fmt: skip
        previous[raw.id] = raw
        folder.add(name, *shaped, raw.time_ns)
    for name, inspect in members:
        _from_inspect(folder, name, inspect)
    return tuple(folder.events.values())


def _from_inspect(folder: _Folder, name: str, inspect: Mapping[str, Any]) -> None:
    """What inspect still knows, for events the daemon no longer replays."""
    state = inspect.get("State") or {}
    seen = {reason for (c, reason, _) in folder.events if c == name}
    created = parse_time_ns(inspect.get("Created"))
    folder.add(name, "Normal", "Created", "Created container", created, synthetic=True)
    started = parse_time_ns(state.get("StartedAt"))
    if started is not None and "Started" not in seen:
        runs = 1 + int(inspect.get("RestartCount") or 0)
        folder.add(name, "Normal", "Started", "Started container", started, count=runs)
    finished = parse_time_ns(state.get("FinishedAt"))
    if state.get("Status") in ("exited", "dead", "restarting") and finished is not None:
        code = state.get("ExitCode", 0)
        if code == 0:
            folder.add(name, "Normal", "Completed", "Container exited with code 0", finished,
                       synthetic="Completed" in seen)  # fmt: skip
        else:
            folder.add(name, "Warning", "Died", f"Container exited with code {code}", finished,
                       synthetic="Died" in seen)  # fmt: skip
    if state.get("OOMKilled"):
        folder.add(name, "Warning", "OOMKilled", "Container ran out of memory and was killed",
                   finished, synthetic="OOMKilled" in seen)  # fmt: skip
    if state.get("Status") == "restarting" and "BackOff" not in seen:
        folder.add(name, "Warning", "BackOff", "Back-off restarting failed container", finished)
    health = state.get("Health") or {}
    if health.get("Status") == "unhealthy" and "Unhealthy" not in seen:
        log = health.get("Log") or [{}]
        message = (log[-1].get("Output") or "Health check failed").strip()
        folder.add(name, "Warning", "Unhealthy", message, parse_time_ns(log[-1].get("End")))
