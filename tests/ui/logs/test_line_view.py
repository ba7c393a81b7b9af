"""The log's line view redraws rows it already drew when what they show changes."""

from __future__ import annotations

from rich.color import Color
from textual.widgets import Input

from tests.memory_backend import MemoryBackend, log_group
from tests.ui.logs.host import HostApp, screen_text, settings, wait_for


def _backgrounds(app: HostApp, y: int, text: str) -> set[Color | None]:
    """Background colours of the segments of screen row ``y`` of the view holding ``text``."""
    return {seg.style.bgcolor for seg in app.view.render_line(y) if text in seg.text and seg.style}


async def test_changing_the_search_redraws_the_highlights() -> None:
    """Matches drawn highlighted lose their highlight once the query changes or is emptied."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", ["alpha beta", "gamma"])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "gamma" in screen_text(app), "the tail")
        await pilot.press("slash", *"beta")
        await pilot.pause()
        plain = {app.view.rich_style.bgcolor}
        assert _backgrounds(app, 0, "alpha") == plain
        assert _backgrounds(app, 0, "beta") - plain  # highlighted
        app.logs.query_one("#logs-search", Input).value = "alpha"
        await pilot.pause()
        assert _backgrounds(app, 0, "beta") == plain  # the row was drawn again
        assert _backgrounds(app, 0, "alpha") - plain
        app.logs.query_one("#logs-search", Input).value = ""
        await pilot.pause()
        assert _backgrounds(app, 0, "alpha beta") == plain


async def test_rows_take_the_new_background_when_the_focus_moves() -> None:
    """Rows drawn while the log had focus (coloured or plain) take the unfocused background."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", ["\x1b[31mERROR\x1b[0m disk full", "plain output"])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "plain output" in screen_text(app), "the tail")
        view = app.view
        assert view.has_focus
        focused = {view.rich_style.bgcolor}
        assert _backgrounds(app, 0, "disk full") == _backgrounds(app, 1, "plain") == focused
        await pilot.press("slash")  # the search box takes the focus
        await pilot.pause()
        assert not view.has_focus
        blurred = {view.rich_style.bgcolor}
        assert blurred != focused
        assert _backgrounds(app, 0, "disk full") == _backgrounds(app, 1, "plain") == blurred


async def test_a_mouse_selection_is_drawn_then_cleared() -> None:
    """Dragging over rows draws them selected; a click elsewhere draws them plain again."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", ["first line here", "second line here"])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "second line here" in screen_text(app), "the tail")
        plain = _backgrounds(app, 0, "first")
        await pilot.mouse_down(app.view, offset=(1, 0))
        await pilot.hover(app.view, offset=(6, 0))
        await pilot.mouse_up(app.view, offset=(6, 0))
        await wait_for(pilot, lambda: app.screen.get_selected_text(), "a selection")
        assert _backgrounds(app, 0, "first") - plain
        await pilot.click(app.view, offset=(3, 1))
        await wait_for(pilot, lambda: not app.screen.get_selected_text(), "no selection")
        assert _backgrounds(app, 0, "first line here") == plain
