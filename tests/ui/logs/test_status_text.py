"""The log status lines: a reason for an empty log, honest follow state, safe glyphs."""

from __future__ import annotations

import dataclasses

from acitui.model import ContainerState, ContainerStatus, GroupState
from acitui.ui.logs.status import StatusState
from tests.memory_backend import MemoryBackend, log_group
from tests.ui.logs.host import HostApp, screen_lines, screen_text, settings, wait_for

STYLES = {"ok": "", "warn": "", "error": ""}


async def test_stopped_group_says_why_the_log_is_empty() -> None:
    """A stopped group's empty log says it is Stopped and how to start it."""
    group = dataclasses.replace(log_group(), state=GroupState.STOPPED)
    backend = MemoryBackend(group)
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "the group is Stopped" in screen_text(app), "reason")
        assert "start it with S" in screen_text(app)


async def test_waiting_container_says_it_has_not_started() -> None:
    """A container still Waiting shows that it has not started, not just 0 lines."""
    group = log_group()
    waiting = ContainerState(ContainerStatus.WAITING, detail_status="ImagePull")
    app_c = dataclasses.replace(group.containers[0], current_state=waiting)
    group = dataclasses.replace(group, state=GroupState.PENDING, containers=(app_c,))
    backend = MemoryBackend(group)
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "Waiting (ImagePull)" in screen_text(app), "reason")


async def test_all_containers_scrolled_up_and_searched_is_not_following() -> None:
    """In the all-containers view, after scrolling up and a search, the status says paused."""
    group = log_group(containers=("app", "side"))
    backend = MemoryBackend(group)
    backend.seed("app", [f"app line {i}" for i in range(300)])
    backend.seed("side", [f"side line {i}" for i in range(300)])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: backend.followers("app"), "the follow")
        await pilot.press("a")
        await wait_for(pilot, lambda: len(app.view.lines) >= 600, "both tails")
        await pilot.press("pageup")
        await pilot.press("slash", *"line 29", "enter")  # the newest match: a jump to the end
        await wait_for(pilot, lambda: "match" in screen_text(app), "search result")
        await pilot.pause()
        assert "following" not in screen_text(app)
        assert "paused" in screen_text(app)
        backend.emit("app", ["arrived while frozen"])
        await wait_for(pilot, lambda: "1 new lines" in screen_text(app), "held count")


async def test_all_containers_after_scroll_and_search_follows_for_real() -> None:
    """Scrolled up and searched, then `a`: the all-containers view says following and moves."""
    group = log_group(containers=("app", "side"))
    backend = MemoryBackend(group)
    backend.seed("app", [f"app line {i}" for i in range(300)])
    backend.seed("side", [f"side line {i}" for i in range(300)])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "app line 299" in app.view.lines, "the tail")
        await pilot.press("pageup", "pageup")
        await pilot.press("slash", *"line 12", "enter")
        await wait_for(pilot, lambda: "match" in screen_text(app), "search result")
        await pilot.press("a")
        await wait_for(pilot, lambda: len(app.view.lines) >= 600, "both tails")
        backend.emit("side", ["newest after all"])
        await wait_for(pilot, lambda: "newest after all" in screen_text(app), "newest shown")
        assert "following" in screen_text(app)


def test_status_glyphs_are_common_and_ascii_in_the_ansi_theme() -> None:
    """The paused glyph is one common fonts have; the ANSI theme uses ASCII only."""
    paused = StatusState(target="g", following=False, pause_reason="scrolled")
    assert "⏸" not in paused.title(STYLES).plain  # type: ignore[arg-type]
    ascii_state = dataclasses.replace(paused, ascii=True, empty="no output yet: x — y")
    text = ascii_state.title(STYLES).plain + ascii_state.notice(STYLES).plain  # type: ignore[arg-type]
    assert text.isascii()
    assert "|| paused (scrolled)" in text


async def test_footer_fits_an_80_column_terminal() -> None:
    """At 80 columns the log footer's keys end before the palette hint, unbroken."""
    group = log_group()
    backend = MemoryBackend(group)
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: backend.followers("app"), "the follow")
        footer = screen_lines(app)[-1]
        assert "esc Back" in footer
        assert "^p palette" in footer
