"""A backend's sign-in prompt (Azure device code), shown until dismissed."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from acitui.backends.base import Notice
from acitui.sanitize import sanitize, sanitize_name


class SignInScreen(ModalScreen[None]):
    """Shows where to sign in and the code to enter; esc, enter or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,q", "dismiss", "Close")]

    def __init__(self, notice: Notice) -> None:
        super().__init__(classes="dialog-screen")
        self.notice = notice

    def compose(self) -> ComposeResult:
        notice = self.notice
        message = Text(sanitize(notice.message, max_len=2000))
        if notice.url and notice.code:
            message = Text("Open ")
            message.append(sanitize_name(notice.url), style="bold underline")
            message.append("\nand enter the code ")
            message.append(sanitize_name(notice.code), style="bold reverse")
        with Vertical(classes="dialog"):
            yield Static(Text(sanitize_name(notice.title)), classes="title")
            yield Static(message, id="sign-in-message")
            yield Static("Sign in in a browser, then press esc; acitui continues by itself.")
