"""``?``: every key, from the one key table, as the user's keymap has it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from acitui.ui import keys

SCOPES = {
    "app": "Everywhere",
    "groups": "Group list",
    "detail": "Group detail",
    "env": "Environment",
    "logs": "Logs",
}


def key_label(key: str) -> str:
    return ", ".join(
        {"question_mark": "?", "slash": "/", "plus": "+"}.get(k.strip(), k.strip())
        for k in key.split(",")
    )


class HelpScreen(ModalScreen[None]):
    """A modal listing each binding's keys and what they do; any of esc/q/? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, overrides: dict[str, str]) -> None:
        super().__init__(classes="dialog-screen")
        self.overrides = overrides

    def compose(self) -> ComposeResult:
        text = Text()
        for scope, title in SCOPES.items():
            text.append(f"{title}\n", style="bold underline")
            for k in keys.keys_for(scope):
                label = key_label(self.overrides.get(k.id, k.key))
                text.append(f"  {label:>14}  ", style="bold")
                text.append(f"{k.description}\n")
            text.append("\n")
        with VerticalScroll(classes="dialog help"):
            yield Static(
                Text("Keys  (rebind them in the config file's [keys] table by id)"),
                classes="title",
            )
            yield Static(text, id="help-keys")
