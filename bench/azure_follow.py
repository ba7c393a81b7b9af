"""Azure follow: 10 simulated minutes of a bursty log through the real backend and SDK.

The ARM emulator runs on a manual clock that this bench moves one second per
simulated second while appending lines: bursts of 100 lines/s, quiet spells,
and runs of identical lines (the case that breaks naive overlap detection).
``AzureBackend.follow_logs`` polls it over HTTPS at its default 2 s interval.
To make 10 minutes take about one, the client's event loop runs on a scaled
clock (``TimeScaledLoop``: loop time and every sleep/timeout go SPEED× faster),
so the backend's own poll interval and its read budget are honoured as-is.

Checked: the followed lines equal the emulator's log (no duplicate, no loss,
or a GAP marker for each loss), and log reads per simulated minute.
"""

from __future__ import annotations

import asyncio
import selectors
import time
from collections import Counter
from typing import Any

from common import Report, cli, say

RG, NAME, CONTAINER = "bench-follow", "bursty", "app"
SPEED = 10.0  # simulated seconds per real second


class ScaledSelector(selectors.DefaultSelector):
    """Waits 1/SPEED of the (simulated) timeout the event loop asks for."""

    def select(self, timeout: float | None = None) -> list[Any]:
        return super().select(None if timeout is None else timeout / SPEED)


class TimeScaledLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock runs SPEED times faster than the wall clock."""

    def __init__(self) -> None:
        super().__init__(ScaledSelector())
        self._origin = time.monotonic()

    def time(self) -> float:
        return self._origin + (time.monotonic() - self._origin) * SPEED


def group_body() -> dict[str, Any]:
    return {
        "location": "westeurope",
        "properties": {
            "osType": "Linux",
            "restartPolicy": "Always",
            "containers": [
                {
                    "name": CONTAINER,
                    "properties": {
                        "image": "busybox",
                        "resources": {"requests": {"cpu": 0.5, "memoryInGB": 0.5}},
                    },
                }
            ],
        },
    }


def lines_for_second(second: int) -> list[str]:
    """The traffic pattern: bursts, idle spells and runs of identical lines."""
    phase = second % 20
    if phase in (0, 1, 2):  # a 3 s burst at 100 lines/s
        return [f"burst t={second} n={i} GET /orders 200" for i in range(100)]
    if phase == 7:  # a run of identical lines (a retry loop)
        return ["connection refused, retrying"] * 60
    if phase == 8:
        return ["connection refused, retrying"] * 40 + [f"recovered t={second}"]
    if phase in (12, 13):  # identical lines spanning a poll boundary
        return ["heartbeat ok"] * 100
    if phase % 4 == 3:
        return []  # quiet
    return [f"tick t={second} i={i}" for i in range(3)]


async def scenario(emu: Any, minutes: float) -> dict[str, Any]:
    from acitui.backends.azure import AzureSettings
    from acitui.backends.azure.backend import AzureBackend
    from acitui.config import Settings
    from acitui.model import GroupRef, LineKind

    settings = Settings(
        backend="azure",
        azure=AzureSettings(
            arm_endpoint=emu.endpoint,
            token=emu.token,
            ca_bundle=emu.ca_file,
            subscription=emu.subscription_id,
        ),
    )
    backend = AzureBackend.from_settings(settings)
    ref = GroupRef(RG, NAME)
    got: list[Any] = []
    seconds = int(minutes * 60)

    async def consume() -> None:
        async for line in backend.follow_logs(ref, CONTAINER, tail=100):
            got.append(line)

    emu.append_logs(RG, NAME, CONTAINER, [f"before follow {i}" for i in range(50)])
    reads_before = emu.request_log[("GET", "logs")]
    groups_before = emu.request_log[("GET", "group")]
    task = asyncio.ensure_future(consume())
    written = 50
    for second in range(seconds):
        await asyncio.sleep(1.0)  # one simulated second
        emu.advance(1.0)
        batch = lines_for_second(second)
        if batch:
            emu.append_logs(RG, NAME, CONTAINER, batch)
            written += len(batch)
        if task.done():
            break
    deadline = asyncio.get_running_loop().time() + 30  # simulated: let the last polls land
    while asyncio.get_running_loop().time() < deadline and not task.done():
        outputs = sum(1 for line in got if line.kind is LineKind.OUTPUT)
        if outputs >= written:
            break
        await asyncio.sleep(1.0)
    log_reads = emu.request_log[("GET", "logs")] - reads_before
    group_reads = emu.request_log[("GET", "group")] - groups_before
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await backend.close()
    error = task.exception() if task.done() and not task.cancelled() else None
    expected = emu.store.logs(RG, NAME, CONTAINER, None, False).splitlines()
    outputs = [line.text for line in got if line.kind is LineKind.OUTPUT]
    gaps = [line for line in got if line.kind is LineKind.GAP]
    extra = Counter(outputs) - Counter(expected)
    missing = Counter(expected) - Counter(outputs)
    return {
        "written": written,
        "expected": len(expected),
        "received": len(outputs),
        "in_order": outputs == expected,
        "duplicated": sum(extra.values()),
        "lost": sum(missing.values()),
        "gaps": len(gaps),
        "log_reads": log_reads,
        "group_reads": group_reads,
        "minutes": seconds / 60,
        "error": repr(error) if error else "",
    }


def main() -> None:
    args = cli(__doc__.splitlines()[0])
    from acitui.emulator import Emulator

    minutes = 2.0 if args.quick else 10.0
    report = Report("azure follow")
    emu = Emulator(clock="manual", live_logs=False)
    emu.put_group(RG, NAME, group_body())
    started = time.monotonic()
    with emu:
        loop = TimeScaledLoop()
        try:
            result = loop.run_until_complete(scenario(emu, minutes))
        finally:
            loop.close()
    wall = time.monotonic() - started
    say(
        f"  {result['minutes']:.0f} simulated min in {wall:.0f} s: {result['written']:,} lines"
        f" written, {result['received']:,} followed, in order: {result['in_order']},"
        f" gaps marked: {result['gaps']}, log reads {result['log_reads']},"
        f" group reads {result['group_reads']} {result['error']}"
    )
    per_minute = result["log_reads"] / result["minutes"]
    report.add(
        f"lines duplicated over {result['minutes']:.0f} simulated min "
        f"({result['written']:,} lines, bursts of 100/s, runs of identical lines)",
        str(result["duplicated"]),
        "0",
        result["duplicated"] == 0,
    )
    lost_ok = result["lost"] == 0 or result["gaps"] > 0
    report.add(
        "lines lost (without a GAP marker)",
        f"{result['lost']} lost, {result['gaps']} gap markers, order exact: {result['in_order']}",
        "0 (or a marker per loss)",
        lost_ok and result["duplicated"] == 0,
    )
    report.add(
        "ARM log reads per minute for the followed container",
        f"{per_minute:.1f} (+ {result['group_reads'] / result['minutes']:.1f} group reads/min"
        " for restart checks)",
        "≤ 30",
        per_minute <= 30,
    )
    report.save(args.json)


if __name__ == "__main__":
    main()
