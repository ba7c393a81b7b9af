"""Rough edges a new user hit: q goes back, safe focus in dialogs, quitting mid-change, palette."""

from __future__ import annotations

import asyncio

from textual.widgets import Button

from acitui.model import Capabilities, GroupRef, GroupState
from acitui.ui.screens.confirm import ConfirmScreen
from acitui.ui.screens.detail import GroupDetailScreen
from acitui.ui.screens.document import DocumentScreen
from acitui.ui.screens.help import HelpScreen
from acitui.ui.widgets.groups_table import GroupsTable
from acitui.ui.widgets.resource_groups import ResourceGroupList
from tests.memory_backend import MemoryBackend, make_group, sample_groups
from tests.ui.helpers import make_app, notices, settle, until


class SlowRestart(MemoryBackend):
    """Restarts wait until the test lets them finish."""

    def __init__(self) -> None:
        super().__init__([*sample_groups(), make_group("evil\x1b]2;owned\x07")])
        self.release = asyncio.Event()

    async def _restart(self, ref: GroupRef) -> None:
        await self.release.wait()
        await super()._restart(ref)


def select(app, key: str) -> None:  # type: ignore[no-untyped-def]
    app.screen.query_one(GroupsTable).select_key(key)


async def test_q_in_a_pushed_view_goes_back_one_level() -> None:
    """q in the detail, YAML, help and logs views goes back; q on the list quits."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, GroupDetailScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("q")
        await settle(app, pilot)
        assert isinstance(app.screen, GroupDetailScreen)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await pilot.press("q")
        await settle(app, pilot)
        assert app.screen is app.groups_screen
        await pilot.press("l")  # the log stream never ends: no settle() here
        await until(pilot, lambda: type(app.screen).__name__ == "LogsScreen")
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is app.groups_screen and app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_enter_in_a_confirm_dialog_does_not_confirm() -> None:
    """The safe choice has focus: X then Enter cancels, the group keeps running."""
    app, backends = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        select(app, "prod/api")
        await pilot.press("X")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        focused = app.screen.focused
        assert isinstance(focused, Button) and focused.id == "no"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is app.groups_screen
        assert backends["memory"].groups["prod/api"].state is GroupState.RUNNING


async def test_quitting_while_a_restart_runs_asks_first() -> None:
    """q during a restart asks; No keeps the app (and the restart) going, Yes quits."""
    backend = SlowRestart()
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        key = "prod/evil\x1b]2;owned\x07"
        select(app, key)
        await pilot.press("R", "y")
        await until(pilot, lambda: bool(app.lifecycle.busy))
        assert "Restarting prod/evil" in app.status.activity
        assert "\x1b" not in app.status.activity and "\x07" not in app.status.activity
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "still under way" in str(app.screen.query_one(".dialog-question").render())
        await pilot.press("enter")  # No has focus
        await pilot.pause()
        assert app.is_running and app.screen is app.groups_screen
        backend.release.set()
        await until(pilot, lambda: not app.lifecycle.busy)
        assert app.status.activity == ""
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_quit_answered_yes_leaves_mid_restart() -> None:
    """Answering y to the quit question leaves although the restart is still running."""
    backend = SlowRestart()
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("R", "y")
        await until(pilot, lambda: bool(app.lifecycle.busy))
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running


async def test_start_on_a_running_group_says_so_without_asking() -> None:
    """S on a running group says it is already running; no dialog, no start call."""
    app, backends = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        select(app, "prod/api")
        await pilot.press("S")
        await settle(app, pilot)
        assert app.screen is app.groups_screen
        assert any("prod/api is already running" in t for t in notices(app))
        assert not any(c.startswith("start") for c in backends["memory"].calls)


async def test_start_checks_the_state_now_not_the_lists() -> None:
    """A group stopped since the list was read is offered a start (the state is read again)."""
    app, backends = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        backends["memory"].set_state("prod/api", GroupState.STOPPED)
        select(app, "prod/api")
        await pilot.press("S")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)


async def test_delete_removes_the_row_and_updates_the_counts() -> None:
    """Deleting the last group of a resource group removes its row and its count."""
    app, backends = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        select(app, "staging/worker")
        await pilot.press("ctrl+d", *"worker", "enter")
        await settle(app, pilot)
        assert "staging/worker" not in backends["memory"].groups
        table = app.screen.query_one(GroupsTable)
        await until(pilot, lambda: "staging/worker" not in table.keys)
        panes = app.screen.query_one(ResourceGroupList)

        def counts() -> dict[str, str]:
            prompts = (panes.get_option_at_index(i).prompt for i in range(panes.option_count))
            return dict(str(p).split() for p in prompts)

        await until(pilot, lambda: counts().get("(all)") == "3")
        assert counts().get("staging", "0") == "0"


async def test_delete_from_the_detail_view_goes_back_to_the_list() -> None:
    """ctrl+d in a group's detail view deletes it and returns to the list without its row."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        select(app, "prod/batch")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("ctrl+d", *"batch", "enter")
        await settle(app, pilot)
        await until(pilot, lambda: app.screen is app.groups_screen)
        table = app.screen.query_one(GroupsTable)
        await until(pilot, lambda: "prod/batch" not in table.keys)


async def test_palette_lists_quit_and_theme_once() -> None:
    """The command palette offers one Quit and one Theme entry (plus one per theme)."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert sum(t == "Quit" or t.startswith("Quit ") for t in titles) == 1
        assert sum(t == "Theme" or t.startswith("Theme ") for t in titles) == 1
        assert any(t.startswith("Theme: ") for t in titles)


async def test_what_a_backend_cannot_do_is_hidden_or_said() -> None:
    """Without logs/delete capabilities: the detail view hides those keys, the list says why."""
    backend = MemoryBackend(sample_groups())
    backend.capabilities = Capabilities(delete=False, follow_logs=False)
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        assert app.screen is app.groups_screen
        assert any("cannot show logs" in t for t in notices(app))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, GroupDetailScreen)
        shown = {b.binding.action for b in app.screen.active_bindings.values()}
        assert "logs" not in shown and "delete" not in shown and "stop" in shown
        await pilot.press("ctrl+d", "l")
        await settle(app, pilot)
        assert isinstance(app.screen, GroupDetailScreen)
        assert not any(c.startswith("delete") for c in backend.calls)
