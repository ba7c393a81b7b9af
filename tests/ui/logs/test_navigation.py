"""Leaving the screen, prompts and Esc, and options that must not disturb a pause."""

from __future__ import annotations

from acitui.ui.logs import LogsScreen
from tests.memory_backend import MemoryBackend, log_group
from tests.ui.logs.host import HostApp, screen_text, settings, wait_for


async def test_escape_closes_the_prompt_then_leaves_and_stops_following() -> None:
    """Esc first closes an open search prompt; the next Esc leaves and the stream is closed."""
    group = log_group()
    backend = MemoryBackend(group)
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: backend.followers("app"), "the follow")
        await pilot.press("slash")
        assert app.focused is not None and app.focused.id == "logs-search"
        await pilot.press("escape")
        assert isinstance(app.screen, LogsScreen)
        assert app.focused is app.view
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, LogsScreen), "left")
        await wait_for(pilot, lambda: backend.followers("app") == 0, "stream closed")


async def test_timestamps_and_wrap_while_paused_keep_new_lines_held() -> None:
    """Changing timestamps or wrap while paused re-renders what was shown, not the held lines."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", ["shown"])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "shown" in app.view.lines, "line")
        await pilot.press("f")
        backend.emit("app", ["held back"])
        await wait_for(pilot, lambda: "1 new lines" in screen_text(app), "held")
        await pilot.press("t", "w")
        await wait_for(pilot, lambda: "time local" in screen_text(app), "timestamps on")
        assert not any("held back" in line for line in app.view.lines)
        assert "1 new lines" in screen_text(app)
        await pilot.press("f")
        await wait_for(pilot, lambda: app.view.lines[-1].endswith(" held back"), "shown")


async def test_wrapped_log_rewraps_when_the_terminal_is_resized() -> None:
    """With wrap on, a narrower terminal re-wraps the lines to the new width."""
    group = log_group()
    backend = MemoryBackend(group)
    long = "x" * 150 + "END"
    backend.seed("app", [long])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: long in app.view.lines, "line")
        await pilot.press("w")
        await wait_for(pilot, lambda: len(app.view.lines) == 2, "wrapped at 120")
        await pilot.resize_terminal(60, 36)
        await wait_for(pilot, lambda: len(app.view.lines) == 3, "re-wrapped at 60")
        assert "END" in screen_text(app)


async def test_scrolling_back_down_to_the_end_resumes_following() -> None:
    """After scrolling up, scrolling down to the newest line follows again by itself."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", [f"line {i}" for i in range(200)])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "line 199" in app.view.lines, "the tail")
        await pilot.press("up", "up", "up")
        await wait_for(pilot, lambda: "paused (scrolled)" in screen_text(app), "paused")
        await pilot.press("down", "down", "down")
        await wait_for(pilot, lambda: "● following" in screen_text(app), "following again")
        backend.emit("app", ["after scrolling back"])
        await wait_for(pilot, lambda: "after scrolling back" in screen_text(app), "new line shown")


async def test_all_containers_on_a_single_container_group_says_so() -> None:
    """`a` on a one-container group explains why nothing changes."""
    group = log_group()
    backend = MemoryBackend(group)
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: backend.followers("app"), "the follow")
        await pilot.press("a")
        await wait_for(pilot, lambda: app.notices, "a notice")
        assert app.notices[-1][1] == "This group has only one container."
        assert backend.follows == [("app", 500)]


async def test_options_and_resizes_keep_the_newest_line_in_view() -> None:
    """Toggling wrap/timestamps and resizing while following never hides the newest line."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", [f"line {i} " + "y" * 150 for i in range(500)] + ["the newest line"])
    app = HostApp(backend, group, None, settings(tail=1000))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: len(app.view.lines) == 501, "the tail")
        for key in ("w", "t", "w", "t"):
            await pilot.press(key)
            await wait_for(pilot, lambda: "the newest line" in screen_text(app), f"after {key}")
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: "the newest line" in screen_text(app), "after resize")
        assert "● following" in screen_text(app)
