"""Shared helpers for the benchmarks: statistics, a real pty, a lag probe, RSS, results.

Every bench script prints its figures as it goes and, at the end, the rows of
the results table (figure, measured value, goal, pass/miss). ``run_all.py``
collects those rows through ``--json FILE``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import json
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PREFIX = "acitui-bench"


# ---------------------------------------------------------------- statistics / results
def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Row:
    """One line of the results table."""

    bench: str
    figure: str
    value: str
    goal: str
    ok: bool | None  # None: informational, no goal
    note: str = ""


@dataclass
class Report:
    bench: str
    rows: list[Row] = field(default_factory=list)

    def add(self, figure: str, value: str, goal: str = "", ok: bool | None = None, note: str = ""):
        row = Row(self.bench, figure, value, goal, ok, note)
        self.rows.append(row)
        mark = {True: "PASS", False: "MISS", None: "info"}[ok]
        goal_txt = f"  (goal {goal})" if goal else ""
        print(f"  [{mark}] {figure}: {value}{goal_txt}{'  — ' + note if note else ''}", flush=True)

    def save(self, path: str | None) -> None:
        if path:
            Path(path).write_text(json.dumps([asdict(r) for r in self.rows], indent=1))


def cli(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller loads")
    parser.add_argument("--json", metavar="FILE", help="write the result rows here")
    return parser.parse_args()


def say(text: str) -> None:
    print(text, flush=True)


# ---------------------------------------------------------------- process memory
def rss_mb(pid: int | str = "self") -> float:
    """Resident set size in MB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# ---------------------------------------------------------------- event-loop lag
class LagProbe:
    """Sleeps ``interval`` seconds in a loop and records how late each wake-up is."""

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.lags: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> LagProbe:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(self.interval)
            self.lags.append(max(0.0, loop.time() - before - self.interval))

    def reset(self) -> None:
        self.lags.clear()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def p99_ms(self) -> float:
        return percentile(self.lags, 99) * 1000

    def max_ms(self) -> float:
        return max(self.lags, default=float("nan")) * 1000


# ---------------------------------------------------------------- a real pty
_ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def screen_text(data: bytes) -> str:
    """Terminal bytes with escape sequences removed (enough to spot a word drawn whole)."""
    return _ESCAPES.sub(b"", data).decode("utf-8", "replace")


@dataclass
class PtyRun:
    seconds: float | None  # time from spawn to the wanted text, None if never seen
    output: bytes
    total_bytes: int
    chunks: list[tuple[float, int]] = field(default_factory=list)  # (seconds, bytes) read
    cpu_seconds: float | None = None  # the process's CPU (all threads) when the text was seen

    def bytes_between(self, start: float, end: float) -> int:
        return sum(n for t, n in self.chunks if start <= t < end)


def run_in_pty(
    argv: Sequence[str],
    wanted: Callable[[str], bool] | None,
    *,
    timeout: float = 20.0,
    linger: float = 0.0,
    env: dict[str, str] | None = None,
    size: tuple[int, int] = (36, 120),
    keys: Sequence[tuple[float, bytes]] = (),
) -> PtyRun:
    """Run ``argv`` on a fresh pty; time until ``wanted(screen text)``; then ``linger`` s; kill.

    ``keys`` are (seconds after start, bytes) typed into the terminal. The
    process gets SIGTERM (then SIGKILL) when done; its terminal bytes are kept.
    """
    pid, fd = pty.fork()
    if pid == 0:  # child
        with contextlib.suppress(Exception):
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
        full_env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        full_env.update(env or {})
        os.execvpe(argv[0], list(argv), full_env)
    started = time.monotonic()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    chunks: list[bytes] = []
    times: list[tuple[float, int]] = []
    found: float | None = None
    cpu: float | None = None
    end = started + timeout
    pending = sorted(keys)
    text_so_far = ""
    scanned = 0
    while True:
        now = time.monotonic()
        if now >= end:
            break
        while pending and now - started >= pending[0][0]:
            with contextlib.suppress(OSError):
                os.write(fd, pending.pop(0)[1])
        ready, _, _ = select.select([fd], [], [], 0.005)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
            times.append((time.monotonic() - started, len(data)))
            if found is None and wanted is not None:
                # re-scan only the new bytes plus an overlap for sequences cut in two
                text_so_far += screen_text(b"".join(chunks)[max(0, scanned - 256) :])
                scanned = sum(len(c) for c in chunks)
                if wanted(text_so_far):
                    found = time.monotonic() - started
                    cpu = cpu_seconds(pid)
                    end = min(end, time.monotonic() + linger)
                text_so_far = text_so_far[-4096:]
    _terminate(pid)
    with contextlib.suppress(OSError):
        os.close(fd)
    output = b"".join(chunks)
    return PtyRun(found, output, len(output), times, cpu)


def cpu_seconds(pid: int) -> float:
    """utime + stime of every thread of ``pid`` so far (from /proc)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _terminate(pid: int) -> None:
    for sig, wait in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return
            time.sleep(0.01)


def machine() -> dict[str, str]:
    """nproc, memory, python and textual versions: the results' header."""
    import platform
    from importlib.metadata import version

    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": str(os.cpu_count()),
        "free": free,
        "python": platform.python_version(),
        "textual": version("textual"),
        "cpu": _cpu_model(),
    }


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "?"
