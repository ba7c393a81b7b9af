"""``x``: a shell in one of the group's containers, with the app suspended meanwhile.

A group of several containers asks which (:class:`ContainerPicker`); the shell runs in
the real terminal (``App.suspend()``) through :mod:`acitui.exec_term`, and the app comes
back as it was when the shell ends. Read-only mode is refused by the backend itself.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from acitui.backends.base import Backend, ExecSession
from acitui.exec_term import fixed_size_note, pump, terminal_size
from acitui.model import ContainerGroup
from acitui.sanitize import sanitize_name
from acitui.ui.notices import Notices

#: Connects an open session to the terminal; returns the exit code where known.
Attach = Callable[[App[Any], ExecSession], Awaitable[int | None]]


class ContainerPicker(ModalScreen[str | None]):
    """Which container gets the shell: enter picks, esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, group: ContainerGroup) -> None:
        super().__init__(classes="dialog-screen")
        self.group = group
        self.names = [c.name for c in group.containers]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(f"Shell in which container of {sanitize_name(self.group.key)}?"))
            yield OptionList(
                *(
                    Option(Text(f"{sanitize_name(c.name)}  {sanitize_name(c.image)}"), id=f"c{i}")
                    for i, c in enumerate(self.group.containers)
                ),
                id="exec-containers",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.names[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


async def attach_terminal(app: App[Any], session: ExecSession) -> int | None:
    """Give the real terminal to the session until it ends; the app is suspended meanwhile."""
    with app.suspend():
        if not session.resizable:
            sys.stderr.write(fixed_size_note(*terminal_size(sys.stdout.fileno())))
            sys.stderr.flush()
        return await pump(session)


class ExecLauncher:
    """Runs ``x`` for one app: capability check, the picker, the session in a worker."""

    def __init__(self, app: App[Any], notices: Notices, attach: Attach = attach_terminal) -> None:
        self.app = app
        self.notices = notices
        self.attach = attach

    def request(self, backend: Backend, group: ContainerGroup, container: str | None) -> None:
        """Open a shell in ``container``, or in the one the person picks."""
        if not backend.capabilities.exec:
            self.notices.say(
                f"The {backend.name} backend cannot open a shell in a container.",
                title="Not supported",
            )
            return
        if container is None and len(group.containers) == 1:
            container = group.containers[0].name
        if container is not None:
            self._start(backend, group, container)
        elif not group.containers:
            self.notices.say(f"{group.key} has no containers.", title="Nothing to open")
        else:

            def picked(name: str | None) -> None:
                if name is not None:
                    self._start(backend, group, name)

            self.app.push_screen(ContainerPicker(group), callback=picked)

    def _start(self, backend: Backend, group: ContainerGroup, container: str) -> None:
        work = self._run(backend, group, container)
        self.app.run_worker(work, group="exec", exit_on_error=False, description="exec")

    async def _run(self, backend: Backend, group: ContainerGroup, container: str) -> None:
        size = terminal_size(sys.__stdout__.fileno()) if sys.__stdout__ else (24, 80)
        session = await backend.open_exec(group.ref, container, None, tty=True, size=size)
        try:
            code = await self.attach(self.app, session)
        except SuspendNotSupported:
            self.notices.say("A shell needs a real terminal.", title="Cannot suspend")
            return
        finally:
            await session.close()
        ended = f" (exit code {code})" if code else ""
        self.notices.say(f"The shell in {group.key}/{container} ended{ended}.", title="Shell")
