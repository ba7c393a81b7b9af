"""``D``: how a file (ACI YAML or ARM template) differs from the selected live group.

Type the file's path and press enter: the group is read afresh from the backend and
compared field by field (:func:`acitui.spec.diff.diff`) — read-only fields and the
service's defaults ignored, secure values "not comparable", never shown.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from acitui.backends.base import Backend
from acitui.errors import AcituiError
from acitui.model import GroupRef
from acitui.sanitize import sanitize
from acitui.spec.diff import diff
from acitui.spec.load import load
from acitui.spec.yaml_file import read_file

#: An export's unfilled secure placeholders compare as "not comparable", never refuse a diff.
_PLACEHOLDER = "placeholder for the "


class DiffScreen(ModalScreen[None]):
    """A path in, the differences with the live group out."""

    DEFAULT_CSS = """
    DiffScreen .dialog { width: 96; }
    DiffScreen #diff-result { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]

    def __init__(self, backend: Backend, ref: GroupRef) -> None:
        super().__init__(classes="dialog-screen")
        self.backend = backend
        self.ref = ref

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(
                Text(f"Compare {sanitize(str(self.ref))} with a file (enter compares, esc closes)")
            )
            yield Input(placeholder="path/to/group.yaml", id="diff-path")
            yield Static(Text(""), id="diff-result")

    def on_mount(self) -> None:
        self.query_one("#diff-path", Input).focus()

    def _show(self, text: str, style: str = "") -> None:
        self.query_one("#diff-result", Static).update(Text(sanitize(text), style=style))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if path:
            self._show("Comparing…")
            self._compare(path)

    @work(exclusive=True, group="diff", exit_on_error=False)
    async def _compare(self, path: str) -> None:
        try:
            loaded = load(read_file(path), resource_group=self.ref.resource_group)
            refusals = [f for f in loaded.errors if not f.message.startswith(_PLACEHOLDER)]
            if refusals:
                self._show("The file is refused:\n" + "\n".join(map(str, refusals[:8])), "bold")
                return
            wanted = [g for g in loaded.groups if (g.name or "").lower() == self.ref.name.lower()]
            if not wanted and len(loaded.groups) == 1:
                wanted = loaded.groups  # a file without (or with another) name: compare anyway
            if not wanted:
                names = ", ".join(g.name for g in loaded.groups) or "none"
                self._show(f"The file has no group named {self.ref.name} (it has: {names})")
                return
            live = await self.backend.get_group(self.ref)
        except AcituiError as exc:
            self._show(exc.one_line(), "bold")
            return
        result = diff(wanted[0], live)
        if result.equal:
            lines = [f"Equal: {path} describes {self.ref} as it runs."]
        else:
            lines = [
                f"{len(result.changes)} difference(s) (~ changed, + only in file, - only live):"
            ]
        lines += [str(d) for d in result.differences]
        self._show("\n".join(lines))
