"""The group detail: overview, containers, events, environment masking, YAML."""

from __future__ import annotations

from textual.widgets import Static, TabbedContent

from acitui.masking import MASK, SECURE_LABEL
from acitui.ui.screens.detail import GroupDetailScreen
from acitui.ui.screens.document import DocumentScreen
from acitui.ui.widgets.containers_table import ContainersTable
from acitui.ui.widgets.env_table import EnvTable
from acitui.ui.widgets.events_table import EventsTable
from acitui.ui.widgets.groups_table import GroupsTable
from tests.ui.helpers import make_app, notices, settle


async def open_web(app, pilot, key: str = "enter") -> GroupDetailScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    app.screen.query_one(GroupsTable).select_key("prod/web")
    await pilot.press(key)
    await settle(app, pilot)
    assert isinstance(app.screen, GroupDetailScreen)
    return app.screen


def env_values(screen: GroupDetailScreen) -> dict[str, str]:
    table = screen.query_one(EnvTable)
    return {
        table.get_cell_at((row, 1)).plain: table.get_cell_at((row, 2)).plain
        for row in range(table.row_count)
    }


async def test_enter_opens_the_group_and_esc_goes_back() -> None:
    """Enter shows the group's describe text; esc returns to the list on the same row."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_web(app, pilot)
        text = str(screen.query_one("#describe", Static).render())
        assert "Name:            web" in text
        assert "Restart policy:  Always" in text
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is app.groups_screen
        assert app.screen.query_one(GroupsTable).selected_key == "prod/web"


async def test_containers_tab_shows_state_image_and_resources() -> None:
    """The containers tab lists each container's state, restarts, image, CPU and memory."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_web(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        table = screen.query_one(ContainersTable)
        row = [cell.plain for cell in table.get_row("web")]
        assert row[1] == "Running"
        assert row[3] == "0"
        assert row[4] == "nginx:1.27"
        assert row[5:7] == ["1", "1.5 GB"]
        assert table.row_count == 2


async def test_events_are_newest_first_with_counts() -> None:
    """e shows the merged event timeline, newest first, with each event's count."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        app.screen.query_one(GroupsTable).select_key("prod/batch")
        await pilot.press("e")
        await settle(app, pilot)
        screen = app.screen
        assert screen.query_one(TabbedContent).active == "events"
        table = screen.query_one(EventsTable)
        reasons = [table.get_cell_at((r, 2)).plain for r in range(table.row_count)]
        assert reasons == ["BackOff", "Pulled"]
        assert table.get_cell_at((0, 4)).plain == "3"
        assert "1 warnings" in str(screen.query_one("#events-summary", Static).render())


async def test_environment_is_masked_revealed_and_masked_again() -> None:
    """Plain values start masked, m/M reveal them, leaving the tab masks them again."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_web(app, pilot, key="v")
        assert env_values(screen) == {
            "PLAIN_SETTING": MASK,
            "DB_PASSWORD": SECURE_LABEL,
            "LOG_LEVEL": MASK,
        }
        await pilot.press("m")
        assert env_values(screen)["PLAIN_SETTING"] == "visible-value"
        assert env_values(screen)["LOG_LEVEL"] == MASK
        await pilot.press("M")
        assert env_values(screen)["LOG_LEVEL"] == "debug"
        assert env_values(screen)["DB_PASSWORD"] == SECURE_LABEL
        await pilot.press("d")  # leave the environment view
        await settle(app, pilot)
        assert env_values(screen)["PLAIN_SETTING"] == MASK
        assert env_values(screen)["LOG_LEVEL"] == MASK


async def test_secure_value_can_never_be_revealed() -> None:
    """Pressing m on a secure variable says it is not retrievable and shows nothing."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await open_web(app, pilot, key="v")
        await pilot.press("down", "m", "M")
        await settle(app, pilot)
        assert env_values(screen)["DB_PASSWORD"] == SECURE_LABEL
        assert any("Not retrievable" in text for text in notices(app))


async def test_yaml_view_masks_secrets() -> None:
    """y shows the group as YAML (j: JSON) with plain values masked and no secret."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_web(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentScreen)
        text = str(app.screen.query_one("#document", Static).render())
        assert "name: web" in text
        assert "visible-value" not in text and "debug" not in text
        assert MASK in text
        await pilot.press("j")
        text = str(app.screen.query_one("#document", Static).render())
        assert '"name": "web"' in text
        await pilot.press("escape")
        assert isinstance(app.screen, GroupDetailScreen)
