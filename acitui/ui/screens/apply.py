"""``A``: apply a file (ACI YAML or ARM template) to the current backend.

Two steps in one dialog: type the file's path and the resource group, enter reads
and checks it (warnings with their lines, or the refusal); enter again applies it,
with the backend's progress shown as it comes. On success the screen closes with
the refs of the groups made; a failure is shown in the dialog and nothing else moves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from acitui.backends.base import Backend, Notice
from acitui.errors import AcituiError
from acitui.model import GroupRef
from acitui.sanitize import sanitize
from acitui.spec.load import Loaded, load
from acitui.spec.yaml_file import Document, read_file

#: Lines of findings shown before "… and N more".
MAX_FINDINGS = 8


class ApplyScreen(ModalScreen[list[GroupRef]]):
    """Path and resource group in, a checked plan shown, then applied on a second enter."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, backend: Backend, resource_group: str, notify: Callable[[Notice], None]
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.backend = backend
        self.resource_group = resource_group
        self.notify_backend = notify
        self.plan: tuple[Document, Loaded, str] | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Text(
                    "Apply a file (ACI YAML or ARM template). Enter checks it, enter again applies."
                ),
                classes="dialog-question",
            )
            yield Input(placeholder="path/to/group.yaml", id="apply-path")
            yield Input(value=self.resource_group, placeholder="resource group", id="apply-rg")
            yield Static(Text(""), id="apply-status")

    def on_mount(self) -> None:
        self.query_one("#apply-path", Input).focus()

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#apply-status", Static).update(Text(sanitize(text), style=style))

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss([])

    @on(Input.Changed)
    def _changed(self) -> None:
        if not self.busy:
            self.plan = None  # a new path or group: check again before applying

    @on(Input.Submitted)
    def _submitted(self) -> None:
        if self.busy:
            return
        if self.plan is None:
            self._check()
        else:
            self.busy = True
            self._status("Applying…")
            self._apply(*self.plan)

    def _check(self) -> None:
        path = self.query_one("#apply-path", Input).value.strip()
        rg = self.query_one("#apply-rg", Input).value.strip()
        if not path or not rg:
            self._status("Give a file and a resource group.", "bold")
            return
        try:
            doc = read_file(path)
            loaded = load(doc, resource_group=rg, target=self.backend.name)
        except AcituiError as exc:
            self._status(exc.one_line(), "bold")
            return
        lines = [str(f) for f in loaded.findings]
        shown = lines[:MAX_FINDINGS] + (
            [f"… and {len(lines) - MAX_FINDINGS} more"] if len(lines) > MAX_FINDINGS else []
        )
        if loaded.errors:
            self._status("Refused:\n" + "\n".join(shown), "bold")
            return
        names = ", ".join(g.name or "?" for g in loaded.groups)
        kind = "template" if loaded.template else "group"
        head = f"Ready to apply {kind} {names} into {rg} on {self.backend.name}."
        self._status("\n".join([head, *shown, "Press enter to apply, esc to cancel."]))
        self.plan = (doc, loaded, rg)

    def _progress(self, notice: Notice) -> None:
        """The backend's progress, from any thread: to the app's notices (they are thread-safe)."""
        self.notify_backend(notice)

    @work(exclusive=True, group="apply", exit_on_error=False)
    async def _apply(self, doc: Document, loaded: Loaded, rg: str) -> None:
        try:
            if loaded.template and self.backend.name != "docker":
                made = await self.backend.deploy_template(rg, doc, progress=self._progress)
                refs = [g.ref for g in made]
            else:
                refs = []
                for spec in loaded.groups:
                    ref = GroupRef(rg, spec.name)
                    group = await self.backend.create_group(ref, spec, progress=self._progress)
                    refs.append(group.ref)
        except AcituiError as exc:
            self.busy = False
            self.plan = None
            self._status(f"Failed: {exc.one_line()}", "bold")
            return
        self.dismiss(refs)
