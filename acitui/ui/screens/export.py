"""``ctrl+s`` in the YAML view: export the group as a re-appliable file.

The group is read afresh from the backend (the YAML view holds a masked copy, which
must never reach a file that will be applied). ``.json`` writes an ARM template,
anything else ACI YAML; secure values become placeholders that apply refuses until
filled. The file is 0600 and its full path is shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from acitui.backends.base import Backend
from acitui.errors import AcituiError
from acitui.files import write_private
from acitui.model import GroupRef
from acitui.sanitize import sanitize
from acitui.spec.export import export_arm, export_yaml


def default_path(ref: GroupRef) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in ref.name) or "group"
    return f"{safe}.yaml"


class ExportScreen(ModalScreen[None]):
    """A path in (prefilled), the export written on enter."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]

    def __init__(self, backend: Backend, ref: GroupRef) -> None:
        super().__init__(classes="dialog-screen")
        self.backend = backend
        self.ref = ref

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Text(
                    f"Export {sanitize(str(self.ref))} to a file (.json: ARM template, "
                    "else ACI YAML). Secure values become placeholders."
                ),
                classes="dialog-question",
            )
            yield Input(value=default_path(self.ref), id="export-path")
            yield Static(Text(""), id="export-status")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#export-status", Static).update(Text(sanitize(text), style=style))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self._status("Exporting…")
            self._export(event.value.strip())

    @work(exclusive=True, group="export", exit_on_error=False)
    async def _export(self, path: str) -> None:
        try:
            group = await self.backend.get_group(self.ref)
        except AcituiError as exc:
            self._status(exc.one_line(), "bold")
            return
        text = export_arm(group) if path.lower().endswith(".json") else export_yaml(group)
        try:
            written = write_private(Path(path), text)
        except OSError as exc:
            self._status(f"Cannot write {path}: {exc.strerror or exc}", "bold")
            return
        self._status(f"Wrote {written} (0600). Fill the placeholders before applying it.")
