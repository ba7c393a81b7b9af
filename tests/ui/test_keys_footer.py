"""The list's footer: the keys of what has focus, rebuilt only when those keys change."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from acitui.ui.widgets.groups_table import GroupsTable
from acitui.ui.widgets.keys_footer import KeysFooter
from acitui.ui.widgets.resource_groups import ResourceGroupList
from tests.ui.helpers import make_app, settle


def shown(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [key.description for key in app.screen.query_one(KeysFooter).query(FooterKey)]


async def test_footer_follows_the_focus() -> None:
    """The table's Enter (Open) shows; on the resource-group pane it goes; back, it returns."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen.focused, GroupsTable)  # the list has the focus at start
        assert "Open" in shown(app) and "Quit" in shown(app)
        app.screen.query_one(ResourceGroupList).focus()
        await settle(app, pilot)
        assert "Open" not in shown(app) and "Quit" in shown(app)
        app.screen.query_one(GroupsTable).focus()
        await settle(app, pilot)
        assert "Open" in shown(app)


async def test_same_keys_are_not_rebuilt() -> None:
    """A bindings refresh that changes no key leaves the footer's key widgets as they are."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        before = list(app.screen.query_one(KeysFooter).query(FooterKey))
        app.screen.refresh_bindings()
        await settle(app, pilot)
        assert list(app.screen.query_one(KeysFooter).query(FooterKey)) == before
