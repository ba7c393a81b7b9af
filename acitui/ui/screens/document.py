"""``y``: the group as YAML (``j`` switches to JSON), secrets masked."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from acitui.masking import redact_group
from acitui.model import ContainerGroup
from acitui.sanitize import sanitize_name
from acitui.ui.describe import as_json, as_yaml
from acitui.ui.messages import ExportRequested


class DocumentScreen(ModalScreen[None]):
    """A read-only view of the group's document."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,y", "dismiss", "Close"),
        Binding("j", "toggle_format", "YAML/JSON"),
        Binding("ctrl+s", "export", "Export"),
    ]

    def __init__(self, group: ContainerGroup) -> None:
        super().__init__(classes="dialog-screen")
        self.group = redact_group(group)  # the screen never holds a secret
        self.format = "yaml"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog document", id="document-scroll"):
            yield Static(id="document")

    def on_mount(self) -> None:
        self._render_document()
        self.query_one("#document-scroll").focus()

    def _render_document(self) -> None:
        text = as_yaml(self.group) if self.format == "yaml" else as_json(self.group)
        scroll = self.query_one("#document-scroll")
        title = (
            f"{sanitize_name(self.group.key)} — {self.format.upper()} "
            "(j: switch, ctrl+s: export, esc: close)"
        )
        scroll.border_title = Text(title)  # a str here would be parsed as markup
        self.query_one("#document", Static).update(Text(text))

    def action_export(self) -> None:
        """Ask the app to export the group (read afresh: this copy is masked)."""
        self.post_message(ExportRequested(self.group.ref))

    def action_toggle_format(self) -> None:
        self.format = "json" if self.format == "yaml" else "yaml"
        self._render_document()
