"""Group names with markup or escapes are shown as text: the app keeps running (issue 11 #1-2)."""

from __future__ import annotations

import pytest
from textual.content import Content
from textual.widgets import Button

from acitui.ui.screens.confirm import ConfirmScreen
from acitui.ui.screens.document import DocumentScreen
from acitui.ui.widgets.groups_table import GroupsTable
from tests.memory_backend import MemoryBackend, make_group
from tests.ui.helpers import make_app, notices, settle, until

MARKUP = "bad[/nope]"
CLICK = "[@click=app.quit]x"
OSC = "evil\x1b]52;c;aGFjaw==\x07\x1b]2;owned\x07name"


def fleet() -> MemoryBackend:
    return MemoryBackend([make_group(MARKUP), make_group(CLICK), make_group(OSC)])


async def open_on(app, pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    app.screen.query_one(GroupsTable).select_key(key)
    await pilot.pause()


@pytest.mark.parametrize("name", [MARKUP, CLICK])
async def test_yaml_view_of_a_markup_name_shows_it_literally(name: str) -> None:
    """y on a group named like markup opens its YAML with the name as text in the title."""
    app, _ = make_app({"memory": fleet()})
    async with app.run_test(size=(120, 36)) as pilot:
        await open_on(app, pilot, f"prod/{name}")
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentScreen)
        title = app.screen.query_one("#document-scroll").border_title or ""
        assert Content.from_markup(title).plain.startswith(f"prod/{name} — YAML")
        assert app.is_running


@pytest.mark.parametrize("name", [MARKUP, CLICK])
async def test_restart_toast_and_dialog_show_a_markup_name_literally(name: str) -> None:
    """R asks with the name as text and the done toast shows it as text; nothing is clickable."""
    app, _ = make_app({"memory": fleet()})
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_on(app, pilot, f"prod/{name}")
        await pilot.press("R")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one(".dialog-question").render())
        assert f"prod/{name}" in question
        await pilot.press("y")
        await settle(app, pilot)
        await until(pilot, lambda: any(f"prod/{name} restarted" in t for t in notices(app)))
        toasts = [w for w in app.screen.walk_children() if type(w).__name__ == "Toast"]
        assert all("@click" not in str(span.style) for t in toasts for span in t.render().spans)
        assert app.is_running


async def test_escapes_in_a_name_never_reach_the_yaml_title_or_a_dialog() -> None:
    """An OSC in a group key is gone from the YAML view's title and the confirm dialog."""
    backend = fleet()
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await open_on(app, pilot, f"prod/{OSC}")
        await pilot.press("y")
        await settle(app, pilot)
        title = app.screen.query_one("#document-scroll").border_title or ""
        assert "\x1b" not in Content.from_markup(title).plain
        await pilot.press("escape", "X")
        await settle(app, pilot)
        assert "\x1b" not in str(app.screen.query_one(".dialog-question").render())
        assert isinstance(app.screen.focused, Button)
        await pilot.press("y")
        await settle(app, pilot)
        assert backend.groups[f"prod/{OSC}"].state.value == "Stopped"
