"""`x` in the TUI: the container picker, and a real exec session reaching the emulator."""

from __future__ import annotations

import fcntl
import struct
import termios
from typing import Any

import pytest
from textual.app import App
from textual.widgets import OptionList

from acitui.backends.base import ExecSession
from acitui.ui.exec_pick import ContainerPicker, ExecLauncher
from acitui.ui.widgets.groups_table import GroupsTable
from tests.test_exec_cli import Pty
from tests.ui.demo import demo_app
from tests.ui.helpers import notices, settle, until

pytestmark = pytest.mark.azure


class ScriptedTerminal:
    """Stands in for the suspended terminal: types a line into the shell, keeps what it shows."""

    def __init__(self, line: str) -> None:
        self.line = line
        self.screen = ""
        self.sessions: list[ExecSession] = []

    async def __call__(self, app: App[Any], session: ExecSession) -> int | None:
        self.sessions.append(session)
        await session.write(f"{self.line}\rexit\r".encode())
        while True:
            _, chunk = await session.read()
            if not chunk:
                return await session.exit_code()
            self.screen += chunk.decode()


async def open_storefront(app, pilot, terminal: ScriptedTerminal) -> None:  # type: ignore[no-untyped-def]
    app.exec_launcher = ExecLauncher(app, app.notices, attach=terminal)
    table = app.screen.query_one(GroupsTable)
    await until(pilot, lambda: "shop-prod/storefront" in table.keys, timeout=20)
    await settle(app, pilot)
    table.select_key("shop-prod/storefront")
    await pilot.press("x")
    await settle(app, pilot)


async def test_picker_chooses_the_container_and_the_shell_runs_there() -> None:
    """x on a two-container group asks which; the shell opens in the picked one (its env)."""
    terminal = ScriptedTerminal("echo $FLB_LOG_LEVEL")
    with demo_app() as (app, _emu):
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await open_storefront(app, pilot, terminal)
            assert isinstance(app.screen, ContainerPicker)
            options = app.screen.query_one(OptionList)
            assert [str(options.get_option_at_index(i).prompt) for i in range(2)] == [
                "web  ghcr.io/contoso/storefront:3.4.2",
                "log-shipper  fluent/fluent-bit:3.1",
            ]
            await pilot.press("down", "enter")
            await until(pilot, lambda: "ended" in " ".join(notices(app)), timeout=20)
            assert not isinstance(app.screen, ContainerPicker)  # the app is back as it was
    assert "\r\ninfo\r\n" in terminal.screen  # log-shipper's own variable
    assert len(terminal.sessions) == 1 and not terminal.sessions[0].resizable


async def test_escape_in_the_picker_opens_nothing() -> None:
    """Esc in the picker closes it and no session is opened."""
    terminal = ScriptedTerminal("true")
    with demo_app() as (app, _emu):
        async with app.run_test(size=(120, 36)) as pilot:
            await open_storefront(app, pilot, terminal)
            assert isinstance(app.screen, ContainerPicker)
            await pilot.press("escape")
            await settle(app, pilot)
            assert not isinstance(app.screen, ContainerPicker)
    assert terminal.sessions == []


async def test_read_only_refuses_exec_with_a_notice() -> None:
    """In read-only mode x opens no shell: the backend refuses and the app says so."""
    terminal = ScriptedTerminal("true")
    with demo_app(read_only=True) as (app, _emu):
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await open_storefront(app, pilot, terminal)
            await pilot.press("enter")
            await until(pilot, lambda: "read-only" in " ".join(notices(app)).lower())
    assert terminal.sessions == []


def test_x_in_the_real_tui_suspends_opens_a_shell_and_comes_back() -> None:
    """`acitui --demo` in a pty: x on a group's view, pick web, `echo hi` answers, exit, back."""
    term = Pty("--demo")
    fcntl.ioctl(term.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    try:
        term.expect_re(rb"(?<!\d)(\d+) of \1 groups")  # the status line: the whole list is in
        term.type(b"/")
        term.expect(b"filter: name")  # the filter's placeholder
        term.type(b"storefront")
        term.expect(b"matching")
        for _ in range(5):  # enter: filter → list (focus moves later), then list → detail
            term.type(b"\r")
            if b"Containers" in term.expect_any(b"Containers", timeout=3):
                break
        term.type(b"x")
        term.expect(b"which container")
        term.type(b"\r")
        term.expect(b"cannot resize")
        term.expect(b"# ")
        term.type(b"echo h''i\r")
        term.expect(b"\r\nhi\r\n")
        term.type(b"exit\r")
        term.expect(b"ended")  # the app is drawn again, with the toast
    finally:
        term.close()
