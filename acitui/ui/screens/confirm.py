"""Confirmation dialogs: yes/no for start/stop/restart, type-the-name for delete."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from acitui.sanitize import sanitize_name


class ConfirmScreen(ModalScreen[bool]):
    """Ask before acting: ``y`` confirms; ``n``/esc cancel, and so does enter (No has focus)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(classes="dialog-screen")
        self.question = sanitize_name(question)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes (y)", id="yes", variant="warning")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no").focus()  # the safe choice: enter does not confirm

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class DeleteConfirmScreen(ModalScreen[bool]):
    """Deleting needs the group's exact name typed; anything else cancels nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, name: str, ref_text: str, warning: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.group_name = name
        self.ref_text = ref_text
        #: e.g. that the group's NGroup will re-create it
        self.warning = f"Warning: {sanitize_name(warning, max_len=400)}\n" if warning else ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Text(
                    f"Delete {sanitize_name(self.ref_text)} and all its containers?\n"
                    + self.warning
                    + "This cannot be undone. Type the group's name to confirm:"
                ),
                classes="dialog-question",
            )
            yield Input(placeholder=sanitize_name(self.group_name), id="confirm-name")
            yield Static("", id="confirm-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # The escaped form is what the dialog shows; a name with controls can't be typed raw.
        if event.value in (self.group_name, sanitize_name(self.group_name)):
            self.dismiss(True)
        else:
            hint = Text("The name does not match; esc cancels.")
            self.query_one("#confirm-hint", Static).update(hint)

    def action_cancel(self) -> None:
        self.dismiss(False)
