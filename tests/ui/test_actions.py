"""Start/stop/restart/delete: confirmation, progress, read-only refusal."""

from __future__ import annotations

from textual.widgets import Input

from acitui.config import Settings, UiSettings
from acitui.model import GroupState
from acitui.ui.screens.confirm import ConfirmScreen, DeleteConfirmScreen
from acitui.ui.widgets.groups_table import GroupsTable
from tests.memory_backend import MemoryBackend, sample_groups
from tests.ui.helpers import make_app, notices, settle, until


def select(app, key: str) -> None:  # type: ignore[no-untyped-def]
    app.screen.query_one(GroupsTable).select_key(key)


async def test_stop_asks_then_stops_and_updates_the_row() -> None:
    """X asks for confirmation; y stops the group and the row shows Stopped."""
    app, backends = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        select(app, "prod/api")
        await pilot.press("X")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert backends["memory"].groups["prod/api"].state is GroupState.STOPPED
        table = app.screen.query_one(GroupsTable)
        await until(pilot, lambda: table.get_cell("prod/api", "state").plain == "Stopped")


async def test_declining_does_nothing() -> None:
    """Answering n to the restart question leaves the backend untouched."""
    app, backends = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("R")
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert not any(c.startswith("restart") for c in backends["memory"].calls)


async def test_delete_needs_the_exact_name_typed() -> None:
    """ctrl+d deletes only once the group's name is typed exactly."""
    app, backends = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        select(app, "prod/web")
        await pilot.press("ctrl+d")
        await settle(app, pilot)
        assert isinstance(app.screen, DeleteConfirmScreen)
        await pilot.press(*"we", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DeleteConfirmScreen)  # wrong name: still asking
        assert "prod/web" in backends["memory"].groups
        app.screen.query_one(Input).value = ""
        await pilot.press(*"web", "enter")
        await settle(app, pilot)
        assert "prod/web" not in backends["memory"].groups
        table = app.screen.query_one(GroupsTable)
        await until(pilot, lambda: "prod/web" not in table.keys)


async def test_delete_can_be_cancelled() -> None:
    """esc in the delete dialog keeps the group."""
    app, backends = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+d")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(backends["memory"].groups) == 4
        assert app.screen is app.groups_screen


async def test_read_only_refuses_and_says_why() -> None:
    """With --read-only the badge shows and X is refused by the backend with a notice."""
    backend = MemoryBackend(sample_groups())
    settings = Settings(backend="memory", read_only=True, ui=UiSettings(refresh_seconds=3600))
    app, _ = make_app({"memory": backend}, settings)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        assert app.status.read_only
        assert app.screen.query_one("#readonly").display
        await pilot.press("X")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert backend.groups["prod/api"].state is GroupState.RUNNING
        assert any("Read-only" in text and "read-only mode is on" in text for text in notices(app))


async def test_action_from_the_detail_screen() -> None:
    """S on the detail screen starts the group shown there."""
    app, backends = make_app()
    backends["memory"].set_state("prod/batch", GroupState.STOPPED)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        select(app, "prod/batch")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("S")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert backends["memory"].groups["prod/batch"].state is GroupState.RUNNING


async def test_read_only_refusal_is_said_every_time() -> None:
    """Pressing X twice in read-only mode explains the refusal twice (not deduplicated)."""
    backend = MemoryBackend(sample_groups())
    settings = Settings(backend="memory", read_only=True, ui=UiSettings(refresh_seconds=3600))
    app, _ = make_app({"memory": backend}, settings)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("X")
        await settle(app, pilot)
        await pilot.press("X")
        await settle(app, pilot)
        assert sum("Read-only" in text for text in notices(app)) == 2
