"""A log flood: tens of thousands of lines per second are all shown and keys still work.

How fast (pause latency, event-loop stalls) is measured in bench/log_flood.py, not here.
"""

from __future__ import annotations

import asyncio
import gc

import pytest

import acitui.ui.logs.feed as feed_module
from acitui.ui.logs.screen import GC_THRESHOLD
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
        await wait_for(pilot, lambda: app.view.lines[-1] == lines[-1].text, "newest line", 60)
        assert app.logs.feed.buffer.total == 100_000
        await pilot.press("end")  # whatever the frame budget skipped is drawn now
        await wait_for(pilot, lambda: len(app.view.lines) == 100_000, "all lines drawn", 60)
        assert app.logs.feed.pump.dropped_total == 0 and app.logs.feed.behind == 0
        assert "following" in screen_text(app)
        assert "flood 99999" in screen_text(app)
        assert "behind" not in screen_text(app)


async def test_more_than_the_frame_budget_draws_the_newest_and_says_how_far_behind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Beyond the frame budget the newest lines show, "N lines behind"; End draws the rest."""
    monkeypatch.setattr(feed_module, "FRAME_BUDGET", 1e-9)
    monkeypatch.setattr(feed_module, "MIN_DRAW", 100)
    group = log_group()
    backend = MemoryBackend(group)
    app = HostApp(backend, group, None, settings(cap=5_000))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: backend.followers("app"), "the follow")
        backend.send("app", [backend.line("app", f"burst {i}") for i in range(1000)])
        await wait_for(pilot, lambda: app.logs.feed.buffer.total == 1000, "the burst")
        await wait_for(pilot, lambda: "burst 999" in screen_text(app), "the newest line")
        behind = app.logs.feed.behind
        assert 0 < behind < 1000 and len(app.view.lines) < 1000
        assert f"{behind:,} lines behind — End to catch up" in screen_text(app)
        assert any("lines not drawn" in line for line in app.view.lines)
        await pilot.press("end")
        await wait_for(pilot, lambda: len(app.view.lines) == 1000, "every line drawn")
        assert app.view.lines[0] == "burst 0" and "behind" not in screen_text(app)


async def test_collector_thresholds_are_raised_while_a_log_is_open_and_restored_after() -> None:
    """The log view raises GC thresholds for floods and puts the user's back when it closes."""
    before = gc.get_threshold()
    group = log_group()
    app = HostApp(MemoryBackend(group), group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: app.logs.is_mounted, "the log view")
        assert gc.get_threshold() == GC_THRESHOLD
        app.pop_screen()
        await wait_for(pilot, lambda: gc.get_threshold() == before, "thresholds restored")
