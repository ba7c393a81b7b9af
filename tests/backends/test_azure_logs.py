"""Following an Azure log by polling on the emulator: lines once, restarts marked, reads bounded."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from acitui.backends.azure.backend import AzureBackend
from acitui.backends.azure.logs import ReadBudget
from acitui.emulator import Emulator
from acitui.model import GroupRef, LineKind, LogLine
from tests.backends.fleet_azure import container, group_body, make_settings

pytestmark = pytest.mark.azure
RG = "follow-rg"


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as server:
        yield server


@pytest.fixture
async def backend(emu: Emulator) -> AsyncIterator[AzureBackend]:
    emu.faults.clear()
    b = AzureBackend.from_settings(make_settings(emu, log_poll_seconds=0.05))
    b.log_reads_per_minute = 6000
    b.lro_poll_seconds = 0.1
    try:
        yield b
    finally:
        await b.close()
        emu.faults.clear()


def new_group(emu: Emulator, name: str) -> GroupRef:
    emu.put_group(RG, name, group_body("Always", container("web")))
    return GroupRef(RG, name)


async def more_reads(emu: Emulator, count: int = 3, timeout: float = 10.0) -> None:
    """Wait until the follower has polled the log ``count`` more times."""
    target = emu.request_log[("GET", "logs")] + count
    deadline = time.monotonic() + timeout
    while emu.request_log[("GET", "logs")] < target:
        assert time.monotonic() < deadline, "the follower stopped polling"
        await asyncio.sleep(0.02)


class Collector:
    """Consumes a follow in a task; lets the test wait for a condition on what arrived."""

    def __init__(self, lines: AsyncIterator[LogLine]) -> None:
        self.lines: list[LogLine] = []
        self._source = lines
        self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        async for line in self._source:
            self.lines.append(line)

    def output(self) -> list[str]:
        return [line.text for line in self.lines if line.kind is LineKind.OUTPUT]

    async def wait_for(self, check: Callable[[], bool], timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if self.task.done():
                self.task.result()
                raise AssertionError("the follow ended early")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; got {[line.text for line in self.lines]}")
            await asyncio.sleep(0.02)

    async def close(self) -> None:
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)


async def test_bursts_of_identical_lines_each_shown_once(
    backend: AzureBackend, emu: Emulator
) -> None:
    """Bursts of repeated identical lines, some larger than a read, print exactly once each."""
    ref = new_group(emu, "bursts")
    emu.append_logs(RG, ref.name, "web", ["before"])
    follow = Collector(backend.follow_logs(ref, "web", tail=10))
    expected = ["before"]
    try:
        await follow.wait_for(lambda: follow.output() == expected)
        for burst in (["same"] * 3, ["same"] * 700, ["other", "same"], ["same"] * 1):
            emu.append_logs(RG, ref.name, "web", burst)
            expected += burst
            want = len(expected)
            await follow.wait_for(lambda want=want: len(follow.output()) >= want)
        await more_reads(emu)  # several more polls: nothing may be reprinted
        assert follow.output() == expected
        assert not [line for line in follow.lines if line.kind is not LineKind.OUTPUT]
    finally:
        await follow.close()


async def test_restart_shows_marker_with_exit_code_and_no_reprint(
    backend: AzureBackend, emu: Emulator
) -> None:
    """A crash and restart shows one marker with the exit code, then only the new run's lines."""
    ref = new_group(emu, "crashy")
    emu.append_logs(RG, ref.name, "web", ["run one", "about to crash"])
    follow = Collector(backend.follow_logs(ref, "web", tail=None))
    try:
        await follow.wait_for(lambda: len(follow.output()) == 2)
        emu.exit_container(RG, ref.name, "web", 1, "Error")
        await follow.wait_for(lambda: any(ln.kind is LineKind.RESTART for ln in follow.lines))
        emu.append_logs(RG, ref.name, "web", ["run two"])
        await follow.wait_for(lambda: "run two" in follow.output())
        await more_reads(emu)
        kinds = [line.kind for line in follow.lines]
        assert kinds.count(LineKind.RESTART) == 1
        marker = next(line for line in follow.lines if line.kind is LineKind.RESTART)
        assert "code 1" in marker.text
        assert follow.output()[:2] == ["run one", "about to crash"]
        assert follow.output().count("run one") == 1 and follow.output()[-1] == "run two"
    finally:
        await follow.close()


async def test_stop_is_a_notice_not_a_restart(backend: AzureBackend, emu: Emulator) -> None:
    """Stopping the group shows 'not running' (no restart marker); lines after a start follow."""
    ref = new_group(emu, "stopper")
    emu.append_logs(RG, ref.name, "web", ["serving"])
    follow = Collector(backend.follow_logs(ref, "web"))
    try:
        await follow.wait_for(lambda: follow.output() == ["serving"])
        await backend.stop_group(ref)
        await follow.wait_for(lambda: any(ln.kind is LineKind.INFO for ln in follow.lines))
        await backend.start_group(ref)
        emu.append_logs(RG, ref.name, "web", ["serving again"])
        await follow.wait_for(lambda: "serving again" in follow.output())
        await more_reads(emu)
        assert follow.output() == ["serving", "serving again"]
        assert "not running" in next(ln.text for ln in follow.lines if ln.kind is LineKind.INFO)
        assert not [ln for ln in follow.lines if ln.kind is LineKind.RESTART]
    finally:
        await follow.close()


async def test_failing_reads_are_reported_and_resumed_without_duplicates(
    backend: AzureBackend, emu: Emulator
) -> None:
    """Log reads failing for a while show one notice; when they recover, nothing is repeated."""
    ref = new_group(emu, "flaky")
    emu.append_logs(RG, ref.name, "web", ["first"])
    follow = Collector(backend.follow_logs(ref, "web"))
    try:
        await follow.wait_for(lambda: follow.output() == ["first"])
        emu.faults.fail(4, status=503, routes={"logs"})
        emu.append_logs(RG, ref.name, "web", ["during outage"])
        await follow.wait_for(lambda: "during outage" in follow.output(), timeout=30)
        emu.append_logs(RG, ref.name, "web", ["after"])
        await follow.wait_for(lambda: "after" in follow.output())
        assert follow.output() == ["first", "during outage", "after"]
        notices = [line.text for line in follow.lines if line.kind is LineKind.INFO]
        assert notices[0].startswith("log reads failing") and "resumed" in notices[-1]
    finally:
        await follow.close()


async def test_reads_per_minute_are_bounded(emu: Emulator) -> None:
    """With a 30/min budget, a fast poll setting still reads a handful of times, yet delivers."""
    backend = AzureBackend.from_settings(make_settings(emu, log_poll_seconds=0.01))
    ref = new_group(emu, "budget")
    before = emu.request_log[("GET", "logs")] + emu.request_log[("GET", "group")]
    started = time.monotonic()
    follow = Collector(backend.follow_logs(ref, "web"))
    try:
        emu.append_logs(RG, ref.name, "web", ["still delivered"])
        await follow.wait_for(lambda: "still delivered" in follow.output())
        await asyncio.sleep(1.0)  # keep following: a 0.01 s poll would read ~100 times
        elapsed = time.monotonic() - started
    finally:
        await follow.close()
        await backend.close()
    reads = emu.request_log[("GET", "logs")] + emu.request_log[("GET", "group")] - before
    assert reads <= 5 + 25 * elapsed / 60 + 1


def test_read_budget_never_exceeds_per_minute() -> None:
    """Over any minute the budget lets through at most per_minute reads."""
    now = [0.0]
    budget = ReadBudget(per_minute=30, burst=5, clock=lambda: now[0])
    taken = []
    while now[0] < 600:
        if budget.delay() == 0:
            budget.take()
            taken.append(now[0])
        now[0] += 0.05
    for start in range(0, 540, 7):
        assert sum(1 for t in taken if start <= t < start + 60) <= 30
    assert len(taken) >= 5 + 25 * 599 / 60 - 1


def test_cli_follow_prints_each_line_once_and_marks_restart(emu: Emulator, tmp_path: Path) -> None:
    """`acitui logs -f` on Azure prints repeated lines once each and one restart marker."""
    ref = new_group(emu, "cli-follow")
    emu.append_logs(RG, ref.name, "web", ["boot"])
    config = tmp_path / "config.toml"
    config.write_text("[azure]\nlog_poll_seconds = 0.1\n", encoding="utf-8")
    env = {
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "ACITUI_CONFIG": str(config),
        "REQUESTS_CA_BUNDLE": emu.ca_file,
        "ACITUI_AZURE_TOKEN": emu.token,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    args = ["--backend", "azure", "--arm-endpoint", emu.endpoint]
    args += ["--subscription", emu.subscription_id, "logs", "-f", str(ref), "-c", "web"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "acitui", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[str] = []
    reader = threading.Thread(target=lambda: seen.extend(proc.stdout or []), daemon=True)
    reader.start()

    def wait_for(text: str) -> None:
        deadline = time.monotonic() + 20
        while not any(text in line for line in list(seen)):
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, f"{text!r} never came; got {seen}"
            time.sleep(0.05)

    try:
        wait_for("boot")
        emu.append_logs(RG, ref.name, "web", ["same", "same", "same", "end"])
        wait_for("end")
        emu.exit_container(RG, ref.name, "web", 4, "Error")
        emu.append_logs(RG, ref.name, "web", ["second run"])
        wait_for("second run")
    finally:
        proc.terminate()
        proc.wait(10)
        reader.join(5)
    lines = [line.rstrip("\n") for line in seen]
    assert lines.count("same") == 3 and lines.count("boot") == 1
    restarts = [line for line in lines if "restarted" in line]
    assert len(restarts) == 1 and "code 4" in restarts[0]
    assert lines.index(restarts[0]) < lines.index("second run")
