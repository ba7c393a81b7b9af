"""Run boundaries in a Docker log backlog: marked from the engine's history, on the real engine."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from acitui.backends.docker.backend import DockerBackend
from acitui.backends.docker.events import RawEvent
from acitui.backends.docker.grouping import LABEL_RG
from acitui.backends.docker.runs import (
    START_SLACK_NS,
    Runs,
    RunSplicer,
    RunStart,
    runs_from_events,
    splice,
)
from acitui.cli import main
from acitui.model import GroupRef, LineKind, LogLine
from tests.backends.fleet_docker import IDLE, exec_print, remove_labelled, run, wait_for
from tests.conftest import require
from tests.docker_image import busybox_image, engine_client
from tests.private_engine import DOCKERD, private_engine
from tests.ui.logs.host import HostApp, screen_text, settings
from tests.ui.logs.host import wait_for as wait_on_screen

#: Counts its runs in /n (the container's own filesystem survives a restart).
COUNT = 'n=$(cat /n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /n; echo "request $n"; '
#: Four runs by its restart policy (on-failure:3), each printing "request N" and exiting 3.
CRASHER = COUNT + "exit 3"
#: Prints "request N" then stays up until stopped.
SERVER = COUNT + IDLE

S = 1_000_000_000


def _out(text: str) -> LogLine:
    return LogLine(text, "web")


def _kinds(lines: list[LogLine]) -> list[tuple[str, str]]:
    """(kind, text) with markers' text shortened to their first two words."""
    out = []
    for line in lines:
        text = line.text if line.kind is LineKind.OUTPUT else " ".join(line.text.split()[:2])
        out.append((line.kind.value, text))
    return out


# -- the splice, on its own ----------------------------------------------------------------------
RUNS = Runs((RunStart(20 * S, 21 * S, 2, 137), RunStart(30 * S, 31 * S, 3, None)))


def test_splice_marks_each_later_run_once_before_its_first_line():
    """A marker goes before the first line of runs 2 and 3 — not before run 1, not inside a run."""
    lines = [_out(t) for t in ("request 112", "again", "request 1", "more", "request 1")]
    stamps = [10 * S, 11 * S, 21 * S, 22 * S, 31 * S]
    got = splice(lines, stamps, RUNS, "web")
    assert _kinds(got) == [
        ("output", "request 112"), ("output", "again"), ("restart", "run 2"),
        ("output", "request 1"), ("output", "more"), ("restart", "run 3"), ("output", "request 1"),
    ]  # fmt: skip
    assert got[2].text == "run 2 started 00:00:21Z (the previous run exited with code 137)"
    assert got[5].text == "run 3 started 00:00:31Z"
    assert got[2].timestamp is not None and got[2].container == "web"


def test_splice_batch_by_batch_matches_the_whole_backlog():
    """Fed in pieces (as a followed stream arrives), the markers land where they do in one read."""
    lines = [_out(f"line {i}") for i in range(8)]
    stamps = [(10 + 3 * i) * S for i in range(8)]  # 10, 13, ... 31: crosses both runs
    whole = splice(lines, stamps, RUNS, "web")
    splicer = RunSplicer(RUNS, "web")
    pieces: list[LogLine] = []
    for start in range(0, 8, 3):
        batch, ns = splicer.feed(lines[start : start + 3], stamps[start : start + 3])
        assert len(batch) == len(ns)
        pieces += batch
    assert pieces == whole
    assert splicer.done


def test_no_marker_when_the_backlog_starts_after_the_boundary():
    """A tail that begins inside run 3 shows no marker; a run with no lines still gets one."""
    assert _kinds(splice([_out("x")], [32 * S], RUNS, "web")) == [("output", "x")]
    got = splice([_out("old"), _out("new")], [10 * S, 35 * S], RUNS, "web")
    assert [k for k, _ in _kinds(got)] == ["output", "restart", "restart", "output"]


def test_a_run_started_after_the_last_line_is_marked_at_the_end():
    """A current run that has printed nothing yet is still told, after the backlog."""
    got = splice([_out("old")], [10 * S], RUNS, "web")
    assert _kinds(got) == [("output", "old"), ("restart", "run 2"), ("restart", "run 3")]
    assert splice([], [], RUNS, "web") == []


def test_unlocated_runs_are_said_once():
    """When RestartCount tells of runs the history lost, one INFO line says how many."""
    runs = Runs((RunStart(20 * S, 20 * S, None, None),), unlocated=2)
    got = splice([_out("a"), _out("b"), _out("c")], [5 * S, 6 * S, 21 * S], runs, "web")
    assert _kinds(got) == [("info", "2 earlier"), ("output", "a"), ("output", "b"),
                           ("restart", "a new"), ("output", "c")]  # fmt: skip
    assert "not located" in got[0].text
    assert _kinds(splice([_out("c")], [21 * S], runs, "web")) == [("output", "c")]


def _event(action: str, second: int, code: str | None = None) -> RawEvent:
    attrs = {"exitCode": code} if code is not None else {}
    return RawEvent("c1", action, second * S, attrs)


def test_runs_from_a_complete_history_are_numbered():
    """With the create event in view, runs are numbered and split at the previous run's death."""
    events = [_event("create", 1), _event("start", 2), _event("die", 5, "1"), _event("start", 6),
              _event("die", 9, "137"), _event("start", 10)]  # fmt: skip
    runs = runs_from_events(events, started_ns=10 * S - 1000, restart_count=0)
    assert runs == Runs(
        (RunStart(5 * S, 6 * S, 2, 1), RunStart(9 * S, 10 * S - 1000, 3, 137)), unlocated=0
    )


def test_runs_from_a_partial_history_count_what_is_missing():
    """Without the create event runs are unnumbered; RestartCount tells how many are unlocated."""
    runs = runs_from_events([_event("die", 9, "3")], started_ns=10 * S, restart_count=3)
    assert runs == Runs((RunStart(9 * S, 10 * S, None, 3),), unlocated=3)
    assert runs_from_events([], started_ns=10 * S, restart_count=0).unlocated == 0


def test_without_a_die_event_the_boundary_falls_before_the_start():
    """Without a die event a run begins midway from the previous run's end, or just before it."""
    running = runs_from_events([], started_ns=10 * S, finished_ns=8 * S, restart_count=1)
    assert running.starts == (RunStart(9 * S, 10 * S, None, None),)
    exited = runs_from_events([], started_ns=10 * S, finished_ns=12 * S, restart_count=1)
    assert exited.starts[0].at_ns == 10 * S - START_SLACK_NS
    assert exited.unlocated == 1


# -- on the real engine --------------------------------------------------------------------------
@dataclass
class Place:
    api: Any
    rg: str

    def ref(self, name: str) -> GroupRef:
        return GroupRef(self.rg, f"{self.rg}-{name}")


@pytest.fixture(scope="module")
def place() -> Iterator[Place]:
    api = engine_client()
    rg = f"acitui-rt-{uuid.uuid4().hex[:6]}"
    try:
        yield Place(api, rg)
    finally:
        remove_labelled(api, LABEL_RG, rg)
        api.close()


@pytest.fixture(scope="module")
def crashed(place: Place) -> GroupRef:
    """A container that ran four times under on-failure:3 and is now exited."""
    ref = place.ref("crasher")
    cid = run(place.api, ref.name, CRASHER, labels={LABEL_RG: place.rg}, restart="on-failure:3")

    def done() -> bool:
        info = place.api.inspect_container(cid)
        return info["RestartCount"] == 3 and info["State"]["Status"] == "exited"

    wait_for(done, timeout=60, what="four runs")
    return ref


@pytest.fixture
async def backend() -> AsyncIterator[DockerBackend]:
    b = DockerBackend()
    yield b
    await b.close()


FOUR_RUNS = [
    ("output", "request 1"), ("restart", "run 2"), ("output", "request 2"), ("restart", "run 3"),
    ("output", "request 3"), ("restart", "run 4"), ("output", "request 4"),
]  # fmt: skip


@pytest.mark.docker
async def test_get_logs_marks_every_earlier_run(crashed: GroupRef, backend: DockerBackend):
    """The backlog of a container restarted by its policy shows where each run began and why."""
    lines = await backend.get_logs(crashed, crashed.name)
    assert _kinds(lines) == FOUR_RUNS
    markers = [x for x in lines if x.kind is LineKind.RESTART]
    assert all("exited with code 3" in x.text for x in markers)
    assert all(x.timestamp is None for x in lines)  # timestamps not asked for
    stamped = await backend.get_logs(crashed, crashed.name, timestamps=True)
    assert all(x.timestamp is not None for x in stamped)
    assert _kinds(await backend.get_logs(crashed, crashed.name, tail=1)) == [FOUR_RUNS[-1]]


async def _collect_until(stream: AsyncIterator[LogLine], done: Any) -> list[LogLine]:
    got: list[LogLine] = []
    try:
        async with asyncio.timeout(60):
            async for line in stream:
                got.append(line)
                if done(got):
                    break
    finally:
        await stream.aclose()  # type: ignore[attr-defined]
    return got


@pytest.mark.docker
async def test_followed_backlog_marks_every_earlier_run(crashed: GroupRef, backend: DockerBackend):
    """Following an exited container: its backlog carries the same run markers, then a note."""
    stream = backend.follow_logs(crashed, crashed.name, tail=None)
    got = await _collect_until(stream, lambda got: got[-1].kind is LineKind.INFO)
    assert _kinds(got[:-1]) == FOUR_RUNS
    assert "exited with code 3" in got[-1].text


@pytest.mark.docker
async def test_live_restart_after_a_marked_backlog_is_marked_once(
    place: Place, backend: DockerBackend
):
    """Runs restarted before the follow are marked from history, a live restart once, no doubles."""
    ref = place.ref("server")
    cid = run(place.api, ref.name, SERVER, labels={LABEL_RG: place.rg}, restart="always")
    for n in (1, 2):
        wait_for(lambda n=n: f"request {n}".encode() in place.api.logs(cid), what=f"run {n}")
        place.api.restart(cid, timeout=1)
    wait_for(lambda: b"request 3" in place.api.logs(cid), what="run 3")
    stream = backend.follow_logs(ref, ref.name, tail=None)
    got: list[LogLine] = []

    async def read() -> None:
        async for line in stream:
            got.append(line)

    task = asyncio.create_task(read())
    try:
        deadline = time.monotonic() + 60
        while not any(x.text == "request 3" for x in got):
            assert time.monotonic() < deadline, "backlog"
            await asyncio.sleep(0.05)
        await asyncio.to_thread(place.api.restart, cid, timeout=1)
        while not any(x.text == "request 4" for x in got):
            assert time.monotonic() < deadline, "live run"
            await asyncio.sleep(0.05)
        await asyncio.to_thread(exec_print, place.api, cid, ["still run 4"])
        while not any(x.text == "still run 4" for x in got):
            assert time.monotonic() < deadline, "live line"
            await asyncio.sleep(0.05)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    seen = [k for k in _kinds(got) if k[0] != "info"]
    assert [k for k, _ in seen] == ["output", "restart"] * 3 + ["output", "output"]
    assert [t for k, t in seen if k == "output"] == [f"request {n}" for n in range(1, 5)] + [
        "still run 4"
    ]


@pytest.mark.docker
def test_headless_logs_frame_the_run_markers(
    crashed: GroupRef, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """`acitui logs` prints each run boundary as a framed marker line between the runs' output."""
    monkeypatch.setenv("ACITUI_BACKEND", "docker")
    monkeypatch.setenv("ACITUI_CONFIG", "/nonexistent/acitui-test-config.toml")
    assert main(["logs", str(crashed)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "request 1" and out[-1] == "request 4"
    assert out[1].startswith("──── run 2 started ") and out[1].endswith("code 3) ────")
    assert [x for x in out if not x.startswith("────")] == [f"request {n}" for n in range(1, 5)]


@pytest.mark.docker
async def test_log_view_shows_the_run_markers(crashed: GroupRef, backend: DockerBackend):
    """The TUI log view of a crash-looped container shows a ⟳ line where each run began."""
    group = await backend.get_group(crashed)
    app = HostApp(backend, group, crashed.name, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_on_screen(pilot, lambda: "request 4" in screen_text(app), "backlog", 30)
        text = screen_text(app)
        for n in (2, 3, 4):
            assert f"⟳ run {n} started" in text
        rows = [r.strip() for r in text.splitlines() if "request" in r or "⟳" in r]
        assert [r.split()[0] for r in rows[:7]] == ["request", "────", "request", "────",
                                                    "request", "────", "request"]  # fmt: skip


@pytest.mark.docker
async def test_runs_an_engine_restart_forgot_are_counted_not_guessed():
    """After an engine restart (its history gone) the backlog says 3 earlier runs are unlocated."""
    require(os.geteuid() == 0, "a private dockerd needs root")
    require(os.access(DOCKERD, os.X_OK), f"{DOCKERD} is missing (apt-get install docker.io)")
    with private_engine(prefix="acitui-rt") as engine:
        busybox_image(engine.host)
        name = f"acitui-rt-{uuid.uuid4().hex[:6]}"
        with engine_client(engine.host) as api:
            cid = run(api, name, CRASHER, labels={LABEL_RG: "rt"}, restart="on-failure:3",
                      network_mode="none", image=busybox_image(engine.host))  # fmt: skip

            def done() -> bool:
                info = api.inspect_container(cid)
                return info["RestartCount"] == 3 and info["State"]["Status"] == "exited"

            wait_for(done, timeout=60, what="four runs")
        await asyncio.to_thread(engine.restart)
        backend = DockerBackend(engine.host)
        try:
            lines = await backend.get_logs(GroupRef("rt", name), name)
        finally:
            await backend.close()
    assert _kinds(lines) == [
        ("info", "3 earlier"), ("output", "request 1"), ("output", "request 2"),
        ("output", "request 3"), ("restart", "a new"), ("output", "request 4"),
    ]  # fmt: skip
    assert "not located in the engine's history" in lines[0].text
