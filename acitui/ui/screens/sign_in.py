"""A backend's sign-in prompt (Azure device code), shown until dismissed."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from acitui.sanitize import sanitize


class SignInScreen(ModalScreen[None]):
    """Shows the backend's message (URL and code); esc or enter closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "dismiss", "Close")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(sanitize(self.title_text)), classes="title")
            yield Static(Text(sanitize(self.message, max_len=2000)), id="sign-in-message")
            yield Static("Sign in in a browser, then press esc; acitui continues by itself.")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
