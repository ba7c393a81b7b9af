"""Environment view: a revealed value shows whole and can be copied; masked ones cannot."""

from __future__ import annotations

from acitui.masking import MASK
from acitui.model import EnvVar
from acitui.ui.screens.detail import GroupDetailScreen
from acitui.ui.widgets.env_table import EnvTable
from acitui.ui.widgets.groups_table import GroupsTable
from tests.memory_backend import MemoryBackend, make_group
from tests.ui.helpers import make_app, notices, settle

TOKEN = "tok-123456789"
LONG = "Server=db.example;User=app;Password=" + "x" * 40 + ";Encrypt=true"


def _app():  # type: ignore[no-untyped-def]
    env = (
        EnvVar("API_TOKEN", TOKEN),
        EnvVar("DB_CONN", LONG),
        EnvVar("DB_PASSWORD", None, secure=True),
    )
    return make_app({"memory": MemoryBackend([make_group("web", env=env)])})


async def _open_env(app, pilot) -> EnvTable:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    app.screen.query_one(GroupsTable).select_key("prod/web")
    await pilot.press("v")
    await settle(app, pilot)
    assert isinstance(app.screen, GroupDetailScreen)
    return app.screen.query_one(EnvTable)


def rendered(table: EnvTable) -> str:
    """The table's text as drawn on screen, line by line."""
    lines = [table.render_line(y) for y in range(table.size.height)]
    return "\n".join("".join(segment.text for segment in strip) for strip in lines)


async def test_revealed_values_show_whole_not_cut_to_the_mask_width() -> None:
    """After M, tok-123456789 and a long connection string are drawn in full."""
    app, _ = _app()
    async with app.run_test(size=(200, 36)) as pilot:
        table = await _open_env(app, pilot)
        assert MASK in rendered(table) and TOKEN not in rendered(table)
        await pilot.press("M")
        await pilot.pause()
        screen_text = rendered(table)
        assert TOKEN in screen_text and LONG in screen_text


async def test_copy_takes_the_revealed_value() -> None:
    """C on a revealed value puts the whole value on the clipboard (OSC 52)."""
    app, _ = _app()
    async with app.run_test(size=(200, 36), notifications=True) as pilot:
        table = await _open_env(app, pilot)
        table.move_cursor(row=0)
        await pilot.press("m", "C")
        await pilot.pause()
        assert app.clipboard == TOKEN
        assert any("API_TOKEN" in text for text in notices(app))


async def test_copy_refuses_masked_and_secure_values() -> None:
    """C on a masked value or a secure one copies nothing and says why."""
    app, _ = _app()
    async with app.run_test(size=(200, 36), notifications=True) as pilot:
        table = await _open_env(app, pilot)
        table.move_cursor(row=0)
        await pilot.press("C")
        table.move_cursor(row=2)
        await pilot.press("C")
        await pilot.pause()
        assert app.clipboard == ""
        texts = notices(app)
        assert any("Reveal the value" in t for t in texts)
        assert any("Not retrievable" in t for t in texts)
