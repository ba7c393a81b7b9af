"""Run boundaries in a Docker container's log backlog, told by the engine.

A container restarted by its restart policy (or ``docker restart``) keeps one
json-file log, so a backlog joins all its runs. The engine knows when each run
started: ``State.StartedAt`` for the current run, and ``start``/``die`` events
for earlier ones in its event history (the last 256 events of all containers,
forgotten when the engine restarts). :func:`read_runs` asks for that history in
one bounded request; :class:`RunSplicer` puts a ``RESTART`` marker before the
first line of each later run, and says once when ``RestartCount`` tells of
earlier runs that the history no longer places.

A run's output is drained before its ``die`` event is sent, so a boundary is
the previous run's die time (a new run's first lines can be stamped a little
before its StartedAt), else the new run's start.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from acitui.backends.docker.events import RawEvent
from acitui.backends.docker.frames import Entry
from acitui.backends.docker.times import ns_to_datetime, parse_time_ns
from acitui.model import LineKind, LogLine

#: Events read at most (the engine replays at most its last 256, of all containers).
MAX_EVENTS = 1_024
#: Bytes of the history response read at most.
MAX_BYTES = 1024 * 1024
#: Lines and each one's timestamp in ns (as the log parser hands them over).
Batch = tuple[list[LogLine], list[int]]
_NS = 1_000_000_000
#: How much earlier than its start a run's first line may be stamped (the engine notes
#: StartedAt, and sends the start event, after the process began): used when no die is known.
START_SLACK_NS = 50_000_000


@dataclass(frozen=True, slots=True)
class RunStart:
    """Where a later run begins in the log."""

    at_ns: int  # lines stamped at or after this belong to the new run
    started_ns: int  # when the engine started it
    number: int | None  # 1-based; None when the history does not reach the container's creation
    exit_code: int | None  # how the run before it ended, when the history tells

    def text(self) -> str:
        when = datetime.fromtimestamp(self.started_ns // _NS, tz=UTC).strftime("%H:%M:%S")
        head = f"run {self.number}" if self.number is not None else "a new run"
        if self.exit_code is None:
            return f"{head} started {when}Z"
        return f"{head} started {when}Z (the previous run exited with code {self.exit_code})"


@dataclass(frozen=True, slots=True)
class Runs:
    """The run starts the engine can tell, oldest first, and how many it cannot place."""

    starts: tuple[RunStart, ...] = ()
    unlocated: int = 0  # earlier runs RestartCount tells of that the history does not place


def _exit_code(attrs: Mapping[str, str]) -> int | None:
    code = attrs.get("exitCode")
    return int(code) if code is not None and code.lstrip("-").isdigit() else None


def runs_from_events(
    events: Iterable[RawEvent],
    *,
    started_ns: int | None,
    restart_count: int = 0,
    finished_ns: int | None = None,
) -> Runs:
    """The runs told by a container's ``create``/``start``/``die`` events and its inspect.

    The current run comes from ``started_ns`` (StartedAt), never from its event;
    ``finished_ns`` (FinishedAt) before it is the previous run's end, used when
    its die event is gone. Without the ``create`` event the history may have lost
    earlier runs: runs are not numbered, and RestartCount + 1 minus the runs
    found are unlocated.
    """
    created = False
    found: list[tuple[int, tuple[int, int | None] | None]] = []  # (start, die before it)
    died: tuple[int, int | None] | None = None
    for event in sorted(events, key=lambda e: e.time_ns):
        if event.action == "create":
            created, found, died = True, [], None
        elif event.action == "die":
            died = (event.time_ns, _exit_code(event.attrs))
        elif event.action == "start" and (started_ns is None or event.time_ns < started_ns):
            found.append((event.time_ns, died))
            died = None
    if started_ns is not None:
        if died is None and finished_ns is not None and finished_ns < started_ns:
            died = ((finished_ns + started_ns) // 2, None)  # between the two runs
        found.append((started_ns, died))
    starts = []
    for index, (start, before) in enumerate(found):
        if index == 0 and created:
            continue  # the container's first run: nothing before it
        at = before[0] if before is not None and before[0] <= start else start - START_SLACK_NS
        code = before[1] if before is not None else None
        starts.append(RunStart(at, start, index + 1 if created else None, code))
    unlocated = 0 if created else max(0, restart_count + 1 - len(found))
    return Runs(tuple(starts), unlocated)


def _stamp(ns: int) -> str:
    return f"{ns // _NS}.{ns % _NS:09d}"


def _history(api: Any, container_id: str, since_ns: int, until_ns: int) -> list[RawEvent]:
    """The engine's remembered events of one container between two of its own times.

    ``until`` is a time the engine has passed (the run's StartedAt), so it
    sends what it remembers and ends the response at once; the read is capped
    in bytes and events and bounded by the client's timeout.
    """
    filters = {"container": [container_id], "type": ["container"],
               "event": ["create", "start", "die"]}  # fmt: skip
    params = {"since": _stamp(since_ns), "until": _stamp(until_ns), "filters": json.dumps(filters)}
    timeout = float(getattr(api, "timeout", None) or 30)
    url = f"{api.base_url}/v{api.api_version}/events"
    response = api.get(url, params=params, stream=True, timeout=(min(timeout, 10.0), timeout))
    try:
        if response.status_code >= 400:
            return []
        body = response.raw.read(MAX_BYTES)
    finally:
        response.close()
    events = []
    for raw in body.splitlines()[:MAX_EVENTS]:
        try:
            data = json.loads(raw)
        except ValueError:  # cut by the byte cap
            continue
        event = RawEvent.from_docker(data) if isinstance(data, dict) else None
        if event is not None and event.id == container_id:
            events.append(event)
    return events


def read_runs(api: Any, container_id: str, info: Mapping[str, Any]) -> Runs:
    """The runs of a container (its ``inspect`` is ``info``): one request (blocking).

    When the history cannot be read the current run is still known, and
    RestartCount still tells how many runs came before it.
    """
    state = info.get("State") or {}
    started = parse_time_ns(state.get("StartedAt"))
    count = info.get("RestartCount")
    count = count if isinstance(count, int) else 0
    if started is None:
        return Runs()
    created = parse_time_ns(info.get("Created")) or started
    try:
        events = _history(api, container_id, max(created - _NS, 0), started)
    except Exception:  # no history: the engine is busy or gone; the log itself still reads
        events = []
    finished = parse_time_ns(state.get("FinishedAt"))
    return runs_from_events(events, started_ns=started, restart_count=count, finished_ns=finished)


def predates_run(info: Mapping[str, Any], ns: int) -> bool:
    """True when a line stamped ``ns`` is older than the current run's StartedAt."""
    started = parse_time_ns((info.get("State") or {}).get("StartedAt"))
    return started is not None and ns < started


class RunSplicer:
    """Puts run markers into a backlog read oldest first, one batch after another.

    No marker goes before the first line read (its run's start is not in view)
    nor inside one run; a run that wrote nothing still gets its marker.
    """

    def __init__(self, runs: Runs, container: str, *, timestamps: bool = True) -> None:
        self._starts = runs.starts
        self._unlocated = runs.unlocated
        self._container = container
        self._timestamps = timestamps
        self._next = 0  # the first start not yet passed
        self._seen = False

    @property
    def done(self) -> bool:
        """True once every start is behind the lines read: the rest passes untouched."""
        return self._seen and self._next >= len(self._starts)

    def _line(self, kind: LineKind, text: str, ns: int) -> LogLine:
        when = ns_to_datetime(ns) if self._timestamps else None
        return LogLine(text, self._container, when, "", kind)

    def _first(self, ns: int) -> list[LogLine]:
        self._seen = True
        starts = self._starts
        out = []
        if self._unlocated and (not starts or ns < starts[0].at_ns):
            runs = "run was" if self._unlocated == 1 else "runs were"
            text = f"{self._unlocated} earlier {runs} not located in the engine's history: "
            out.append(self._line(LineKind.INFO, text + "their lines are not marked", ns))
        while self._next < len(starts) and starts[self._next].at_ns <= ns:
            self._next += 1
        return out

    def feed(self, lines: list[LogLine], stamps: list[int]) -> Batch:
        """The batch with markers before each line that begins a later run."""
        if self.done or not lines:
            return lines, stamps
        starts = self._starts
        out: list[LogLine] = []
        out_ns: list[int] = []
        for index, (line, ns) in enumerate(zip(lines, stamps, strict=True)):
            if not self._seen:
                marks = self._first(ns)
            else:
                marks = []
                while self._next < len(starts) and starts[self._next].at_ns <= ns:
                    marks.append(self._line(LineKind.RESTART, starts[self._next].text(), ns))
                    self._next += 1
            out += marks
            out_ns += [ns] * len(marks)
            if self.done:
                return out + lines[index:], out_ns + stamps[index:]
            out.append(line)
            out_ns.append(ns)
        return out, out_ns

    def rest(self) -> list[LogLine]:
        """At the end of a backlog: markers of runs started after its last line."""
        if not self._seen:
            return []
        later = self._starts[self._next :]
        self._next = len(self._starts)
        return [self._line(LineKind.RESTART, s.text(), s.started_ns) for s in later]


def splice(
    lines: list[LogLine], stamps: list[int], runs: Runs, container: str, *, timestamps: bool = True
) -> list[LogLine]:
    """A whole backlog (lines and their ns, oldest first) with its run markers."""
    splicer = RunSplicer(runs, container, timestamps=timestamps)
    marked, _ = splicer.feed(lines, stamps)
    return marked + splicer.rest()


class BacklogRuns:
    """Marks the runs in one log read: asks the engine only if the log predates the current run.

    ``feed`` each batch in order: the first line decides. A log that starts in
    the current run costs nothing more; else the history is read once.
    """

    def __init__(
        self, api: Any, container_id: str, info: Mapping[str, Any], container: str,
        *, timestamps: bool = True,
    ) -> None:  # fmt: skip
        self._api, self._id, self._info = api, container_id, info
        self._container, self._timestamps = container, timestamps
        self._splicer: RunSplicer | None = None
        self._decided = False

    def feed(self, lines: list[LogLine], stamps: list[int]) -> Batch:
        if self._decided and (self._splicer is None or self._splicer.done):
            return lines, stamps
        if not self._decided:
            if not lines:
                return lines, stamps
            self._decided = True
            if not predates_run(self._info, stamps[0]):
                return lines, stamps  # all in the current run
            runs = read_runs(self._api, self._id, self._info)
            self._splicer = RunSplicer(runs, self._container, timestamps=self._timestamps)
        assert self._splicer is not None
        return self._splicer.feed(lines, stamps)

    def rest(self) -> list[LogLine]:
        return self._splicer.rest() if self._splicer is not None else []


def mark_backlog(
    api: Any,
    container_id: str,
    info: Mapping[str, Any],
    container: str,
    entries: list[Entry],
    *,
    timestamps: bool,
) -> list[LogLine]:
    """A finite log read as lines, with a marker where each later run begins (blocking).

    ``info`` is the container's inspect, taken before the log was read.
    """
    lines = [e.line(container, timestamps=timestamps) for e in entries]
    backlog = BacklogRuns(api, container_id, info, container, timestamps=timestamps)
    marked, _ = backlog.feed(lines, [e.time_ns for e in entries])
    return marked + backlog.rest()
