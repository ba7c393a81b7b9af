"""The shell of the apply, diff and export dialogs: a file's path in, one status line out.

A subclass gives its question, its widget ids and what enter does with the path
(:meth:`PathDialog.submit`). The base composes the question, the path input (plus any
:meth:`PathDialog.extra_inputs`) and the status line, focuses the path, asks for a path
when enter finds none, shows status text through the display boundary, and closes on
esc — unless the subclass is :attr:`PathDialog.busy` with something that must finish.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from acitui.backends.base import Backend
from acitui.errors import AcituiError
from acitui.sanitize import sanitize

ResultT = TypeVar("ResultT")


class PathDialog(ModalScreen[ResultT]):
    """A question, a path input and a status line; enter hands the path to :meth:`submit`."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Close")]
    #: Ids of the path input and of the status line.
    PATH_ID: ClassVar[str]
    STATUS_ID: ClassVar[str]
    #: What the status line says when enter finds no path.
    ASK: ClassVar[str] = "Give a file's path."
    #: Long results (a diff) scroll inside the dialog.
    SCROLLS: ClassVar[bool] = False

    def __init__(self, backend: Backend) -> None:
        super().__init__(classes="dialog-screen")
        self.backend = backend
        #: True while work runs that esc must not abandon (and enter must not start again).
        self.busy = False

    def question(self) -> str:
        """The line above the path input (plain text: a ``[`` is data)."""
        raise NotImplementedError

    def initial_path(self) -> str:
        return ""

    def extra_inputs(self) -> ComposeResult:
        """Inputs shown under the path (none by default)."""
        yield from ()

    def submit(self, path: str) -> None:
        """Enter with a non-empty path."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        box = VerticalScroll if self.SCROLLS else Vertical
        with box(classes="dialog"):
            yield Static(Text(self.question()), classes="dialog-question")
            yield Input(
                value=self.initial_path(), placeholder="path/to/group.yaml", id=self.PATH_ID
            )
            yield from self.extra_inputs()
            yield Static(Text(""), id=self.STATUS_ID)

    def on_mount(self) -> None:
        self.query_one(f"#{self.PATH_ID}", Input).focus()

    def status(self, text: str, style: str = "") -> None:
        """Replace the status line (``text`` may hold file and provider text: it is sanitised)."""
        self.query_one(f"#{self.STATUS_ID}", Static).update(Text(sanitize(text), style=style))

    def failed(self, exc: AcituiError, prefix: str = "") -> None:
        """The error's one line, in bold, on the status line."""
        self.status(f"{prefix}{exc.one_line()}", "bold")

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        if self.busy:
            return
        path = self.query_one(f"#{self.PATH_ID}", Input).value.strip()
        if path:
            self.submit(path)
        else:
            self.status(self.ASK, "bold")
