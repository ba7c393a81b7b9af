"""Bytes, not lines: 1 MB log lines keep the TUI and headless `logs` within a memory cap."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from acitui.backends.docker.backend import DockerBackend
from acitui.backends.docker.grouping import LABEL_CONTAINER, LABEL_GROUP, LABEL_RG
from acitui.model import GroupRef, LineKind, LogLine
from acitui.ui.logs.pump import LinePump, LogBuffer
from tests.backends.fleet_docker import remove_labelled, run
from tests.child_peak import MeasuredChild
from tests.docker_image import busybox_image, engine_client
from tests.ui.logs.host import HostApp, screen_text, settings, wait_for

LINES = 600  # 1 MB each: 600 MB through the log pipe
RSS_CAP_MB = 300
SCRIPT = (
    "while [ ! -e /go ]; do sleep 0.05; done; i=0; "
    f"while [ $i -lt {LINES} ]; do head -c 1000000 /dev/zero | tr '\\0' a; echo; "
    'i=$((i+1)); echo "line $i done"; done; sleep 600'
)


def _rss_mb() -> float:
    """This process's resident memory now (VmRSS), in MB."""
    for row in Path("/proc/self/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_buffer_and_pump_are_bounded_by_bytes_and_count_what_they_drop() -> None:
    """Long lines fill the byte budget before the line cap; the oldest go, counted."""
    buffer = LogBuffer(1000, max_bytes=100_000)
    buffer.extend([LogLine("x" * 10_000) for _ in range(50)])
    assert 5 <= len(buffer) < 10 and buffer.bytes <= 100_000
    assert buffer.dropped_lines == 50 - len(buffer) and buffer.dropped_bytes > 400_000
    pump = LinePump(1000, max_bytes=100_000)
    for _ in range(50):
        pump.push(LogLine("y" * 10_000))
    batch, dropped = pump.take()
    assert len(batch) + dropped == 50 and len(batch) < 10


@pytest.fixture(scope="module")
def megabyte_lines() -> Iterator[tuple[GroupRef, Any, str]]:
    """A container that, once told to go, writes 600 lines of 1 MB each."""
    api = engine_client()
    busybox_image()
    rg = f"acitui-mem-{uuid.uuid4().hex[:6]}"
    labels = {LABEL_RG: rg, LABEL_GROUP: "flood", LABEL_CONTAINER: "big"}
    # One file: a json-file log rotating under a follower loses and re-sends lines inside
    # the engine (tests/backends/test_docker_replay.py), and this test counts every line.
    log_config = {"type": "json-file", "config": {"max-size": "1g", "max-file": "1"}}
    try:
        cid = run(api, f"{rg}-big", SCRIPT, labels=labels, log_config=log_config)
        yield GroupRef(rg, "flood"), api, cid
    finally:
        remove_labelled(api, LABEL_RG, rg)
        api.close()


@pytest.mark.docker
async def test_megabyte_lines_keep_the_tui_under_its_memory_cap(
    megabyte_lines: tuple[GroupRef, Any, str],
) -> None:
    """600 lines of 1 MB: RSS under 300 MB, the newest lines show, every dropped line is counted."""
    ref, api, cid = megabyte_lines
    backend = DockerBackend()
    try:
        group = await backend.get_group(ref)
        app = HostApp(backend, group, "big", settings(tail=10))
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for(pilot, lambda: "● following" in screen_text(app), "the view")
            await asyncio.to_thread(api.exec_start, api.exec_create(cid, ["touch", "/go"]))
            peak = 0.0

            def done() -> bool:
                nonlocal peak
                peak = max(peak, _rss_mb())
                return f"line {LINES} done" in app.view.lines

            await wait_for(pilot, done, "the last line", timeout=240)
            assert peak < RSS_CAP_MB, f"RSS reached {peak:.0f} MB"
            assert f"line {LINES} done" in screen_text(app)
            assert "dropped, oldest first" in screen_text(app)
            feed = app.logs.feed
            kept = sum(line.kind is LineKind.OUTPUT for line in feed.buffer.lines)
            assert kept + feed.dropped[0] == 2 * LINES  # every line lost is counted
            assert feed.buffer.bytes <= feed.buffer.max_bytes
    finally:
        await backend.close()

    # The child's own peak (not ru_maxrss of a child forked from this big process: see child_peak).
    child = MeasuredChild(
        [sys.executable, "-m", "acitui", "logs", str(ref), "--tail", "300"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        stdout, stderr = await asyncio.to_thread(child.proc.communicate, timeout=240)
    finally:
        child.kill()
    assert child.proc.returncode == 0, stderr[-500:]
    out = stdout.decode().splitlines()
    assert out[-1] == f"line {LINES} done"
    assert max(len(line) for line in out) < 20_000  # capped, with a note
    child_peak_mb = child.peak_mb()
    assert 10 < child_peak_mb < RSS_CAP_MB, f"headless logs peaked at {child_peak_mb:.0f} MB"
