"""App-wide behaviour: backends, errors, notices, help, palette, keymap, logs."""

from __future__ import annotations

import threading

from textual.widgets import Input

from acitui.backends.base import Notice
from acitui.config import Settings, UiSettings
from acitui.ui.screens.groups import GroupsScreen
from acitui.ui.screens.help import HelpScreen
from acitui.ui.widgets.groups_table import GroupsTable
from tests.memory_backend import MemoryBackend, make_group, sample_groups
from tests.ui.helpers import make_app, notices, settle, until


def table(app) -> GroupsTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one(GroupsTable)


async def test_first_frame_before_any_backend_call() -> None:
    """The list screen is up and says Loading before the backend is even built."""
    seen: list[bool] = []
    backend = MemoryBackend(sample_groups())
    app_box: list = []

    def factory(name: str) -> MemoryBackend:
        app = app_box[0]
        seen.append(isinstance(app.screen, GroupsScreen) and app.screen.is_mounted)
        return backend

    from acitui.ui.app import build_app

    app = build_app(Settings(backend="memory"), backend_factory=factory)
    app_box.append(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert seen == [True]
        assert table(app).row_count == 4


async def test_backend_error_is_a_notification_and_the_app_recovers() -> None:
    """An unreachable backend shows a titled notice with a hint; ctrl+r recovers."""
    backend = MemoryBackend(sample_groups())
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        backend.down = True
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert app.is_running
        assert app.status.connection == "unreachable"
        text = "\n".join(notices(app))
        assert "Unavailable" in text and "not answering" in text and "ctrl+r" in text
        assert "Traceback" not in text
        assert table(app).row_count == 4  # what we had stays on screen
        backend.down = False
        backend.groups["prod/new"] = make_group("new")
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert app.status.connection == "connected"
        assert "prod/new" in table(app).keys


async def test_unexpected_exception_is_a_notification_too() -> None:
    """A bug in a backend (not an AcituiError) gives a generic notice, not a crash."""

    class Broken(MemoryBackend):
        async def list_groups(self, resource_group=None):  # type: ignore[no-untyped-def]
            raise ZeroDivisionError("boom")

    app, _ = make_app({"memory": Broken(sample_groups())})
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        assert app.is_running
        assert any("Unexpected error" in t and "ZeroDivisionError" in t for t in notices(app))


async def test_backend_switch_keeps_each_backends_place() -> None:
    """b switches backend; coming back restores the filter and the selected group."""
    first = MemoryBackend(sample_groups(), name="first")
    second = MemoryBackend([make_group("other", rg="elsewhere")], name="second")
    app, _ = make_app({"docker": first, "azure": second})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"a", "enter")
        await settle(app, pilot)
        table(app).select_key("prod/batch")
        await pilot.press("b")
        await settle(app, pilot)
        await pilot.press("down", "enter")  # "azure" in the picker
        await settle(app, pilot)
        assert app.session is not None and app.session.name == "azure"
        assert table(app).keys == ["elsewhere/other"]
        assert "second" in app.status.target
        await pilot.press("b")
        await settle(app, pilot)
        await pilot.press("up", "enter")
        await settle(app, pilot)
        assert app.session.name == "docker"
        assert app.screen.query_one("#filter", Input).value == "a"
        await until(pilot, lambda: table(app).selected_key == "prod/batch")


async def test_backend_notice_from_a_thread_is_shown() -> None:
    """A backend's notify() called from a worker thread becomes a notification."""
    backend = MemoryBackend(sample_groups())
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        notice = Notice.progress("Restarting", "2/4 containers")
        thread = threading.Thread(target=backend.notify, args=(notice,))
        thread.start()
        await until(pilot, lambda: not thread.is_alive())
        await settle(app, pilot)
        assert any("2/4 containers" in t for t in notices(app))


async def test_help_lists_keys_from_the_key_table() -> None:
    """? shows every binding, with the user's remapped key."""
    settings = Settings(
        backend="memory", keys={"refresh": "f5"}, ui=UiSettings(refresh_seconds=3600)
    )
    app, backends = make_app(None, settings)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-keys").render())
        for expected in ("Reveal all", "Filter", "Delete", "f5"):
            assert expected in text
        await pilot.press("escape")
        calls = len(backends["memory"].calls)
        await pilot.press("f5")  # the remapped refresh key works
        await settle(app, pilot)
        assert len(backends["memory"].calls) > calls


async def test_palette_offers_every_action() -> None:
    """The command palette lists the group actions and the themes."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for expected in ("Filter", "Logs", "Events", "Delete", "Backend", "Theme: acitui-ansi"):
            assert any(t.startswith(expected) for t in titles), expected


async def test_logs_key_opens_the_log_viewer() -> None:
    """l on a group opens the log viewer for it."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        assert type(app.screen).__name__ == "LogsScreen"


async def test_leaving_closes_every_backend() -> None:
    """Quitting closes each backend that was used (connections, threads)."""
    first, second = MemoryBackend(sample_groups()), MemoryBackend([], name="second")
    app, _ = make_app({"docker": first, "azure": second})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        app.activate("azure")
        await settle(app, pilot)
        await pilot.press("q")
    assert first.closed and second.closed


async def test_device_code_prompt_is_a_modal() -> None:
    """A backend's sign-in notice (device code) opens a dialog that esc closes."""
    backend = MemoryBackend(sample_groups())
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        backend.notify(Notice.sign_in("Sign in", "https://microsoft.com/devicelogin", "ABCD-1234"))
        await pilot.pause()
        assert type(app.screen).__name__ == "SignInScreen"
        assert "ABCD-1234" in str(app.screen.query_one("#sign-in-message").render())
        await pilot.press("escape")
        assert app.screen is app.groups_screen


async def test_escape_in_the_filter_box_clears_it() -> None:
    """esc while typing a filter empties it and shows every group again."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"batch")
        await until(pilot, lambda: table(app).keys == ["prod/batch"])
        await pilot.press("escape")
        await until(pilot, lambda: len(table(app).keys) == 4)
        assert app.screen.query_one("#filter", Input).value == ""
