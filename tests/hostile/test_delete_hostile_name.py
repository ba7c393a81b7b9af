"""Deleting a group whose name carries an escape: the operator types the name as shown.

The delete dialog asks for the group's name; a name with ESC, BEL or a zero-width character
cannot be typed (Input drops control characters), so the operator must be able to type what
the dialog shows — the escaped form — or a hostile group can never be deleted from the TUI.
"""

from __future__ import annotations

from textual.widgets import Input

from acitui.sanitize import sanitize_name
from acitui.ui.screens.confirm import DeleteConfirmScreen
from acitui.ui.widgets.groups_table import GroupsTable
from tests.memory_backend import MemoryBackend, make_group
from tests.ui.helpers import make_app, settle

NAME = "evil\x1b]2;owned\x07\u200bname"


async def test_a_hostile_name_can_be_deleted_by_typing_it_as_shown() -> None:
    """ctrl+d, then the escaped name as the dialog shows it, deletes the group."""
    app, backends = make_app({"memory": MemoryBackend([make_group(NAME)])})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        app.screen.query_one(GroupsTable).select_key(f"prod/{NAME}")
        await pilot.press("ctrl+d")
        await settle(app, pilot)
        assert isinstance(app.screen, DeleteConfirmScreen)
        shown = sanitize_name(NAME)
        assert app.screen.query_one(Input).placeholder == shown
        await pilot.press(*shown)
        assert app.screen.query_one(Input).value == shown  # typed as shown
        await pilot.press("enter")
        await settle(app, pilot)
        assert f"prod/{NAME}" not in backends["memory"].groups
