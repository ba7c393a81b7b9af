"""A log flood: tens of thousands of lines per second are all shown and keys still work.

How fast (pause latency, event-loop stalls) is measured in bench/log_flood.py, not here.
"""

from __future__ import annotations

import asyncio

from tests.memory_backend import MemoryBackend, log_group
from tests.ui.logs.host import HostApp, screen_text, settings, wait_for


async def test_flood_shows_every_line_and_keys_are_handled() -> None:
    """During a ~50k lines/s flood `f` pauses and resumes, and every line arrives, newest shown."""
    group = log_group()
    backend = MemoryBackend(group)
    lines = [backend.line("app", f"flood {i} " + "x" * 60) for i in range(100_000)]
    app = HostApp(backend, group, None, settings(cap=100_000))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: backend.followers("app"), "the follow")
        for i in range(0, 50_000, 500):
            backend.send("app", lines[i : i + 500])
            await asyncio.sleep(0.01)  # paced: ~50k lines/s
        await pilot.press("f")
        await wait_for(pilot, lambda: "paused" in screen_text(app), "pause shown", 30)
        for i in range(50_000, 100_000, 500):
            backend.send("app", lines[i : i + 500])
            await asyncio.sleep(0.01)  # paced: ~50k lines/s
        await pilot.press("f")
        await wait_for(pilot, lambda: app.view.lines[-1] == lines[-1].text, "all lines", 60)
        assert len(app.view.lines) == 100_000
        assert app.logs.feed.pump.dropped_total == 0
        assert "following" in screen_text(app)
        assert "flood 99999" in screen_text(app)
