"""A log flood: tens of thousands of lines per second keep the screen responsive."""

from __future__ import annotations

import asyncio
import time

from tests.memory_backend import MemoryBackend, log_group
from tests.ui.logs.host import HostApp, screen_text, settings, wait_for


async def test_fifty_thousand_lines_per_second_stay_responsive() -> None:
    """At ~50k lines/s every line is shown, the event loop never stalls, and `f` answers at once."""
    group = log_group()
    backend = MemoryBackend(group)
    lines = [backend.line("app", f"flood {i} " + "x" * 60) for i in range(100_000)]
    app = HostApp(backend, group, None, settings(cap=100_000))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: backend.followers("app"), "the follow")
        lags: list[float] = []
        done = asyncio.Event()

        async def probe() -> None:
            while not done.is_set():
                start = time.perf_counter()
                await asyncio.sleep(0.01)
                lags.append(time.perf_counter() - start - 0.01)

        probing = asyncio.create_task(probe())
        start = time.perf_counter()
        for i in range(0, 50_000, 500):  # 50k lines in ~1 s
            backend.send("app", lines[i : i + 500])
            await asyncio.sleep(0.01)
        await pilot.press("f")
        pressed = time.perf_counter()
        await wait_for(pilot, lambda: "⏸ paused" in screen_text(app), "pause shown", 5)
        answered = time.perf_counter() - pressed
        for i in range(50_000, 100_000, 500):
            backend.send("app", lines[i : i + 500])
            await asyncio.sleep(0.01)
        await pilot.press("f")
        await wait_for(pilot, lambda: app.view.lines[-1] == lines[-1].text, "all lines", 20)
        elapsed = time.perf_counter() - start
        done.set()
        await probing
        assert len(app.view.lines) == 100_000
        assert app.logs.feed.pump.dropped_total == 0
        assert answered < 1.0, f"pause took {answered:.2f}s during the flood"
        assert max(lags) < 0.5, f"event loop stalled for {max(lags):.2f}s"
        assert elapsed < 15
