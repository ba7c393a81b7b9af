"""``A``: apply a file (ACI YAML or ARM template) to the current backend.

Two steps in one dialog: type the file's path and the resource group, enter reads
and checks it (warnings with their lines, or the refusal); enter again applies it,
with the backend's progress shown as it comes. On success the screen closes with
the refs of the groups made; a failure is shown in the dialog and nothing else moves.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Input

from acitui.backends.base import Backend, Notice
from acitui.errors import AcituiError
from acitui.model import GroupRef
from acitui.spec.load import Loaded, load
from acitui.spec.yaml_file import Document, read_file
from acitui.ui.screens.path_dialog import PathDialog

#: Lines of findings shown before "… and N more".
MAX_FINDINGS = 8


class ApplyScreen(PathDialog[list[GroupRef]]):
    """Path and resource group in, a checked plan shown, then applied on a second enter."""

    PATH_ID, STATUS_ID = "apply-path", "apply-status"
    ASK = "Give a file and a resource group."

    def __init__(
        self, backend: Backend, resource_group: str, notify: Callable[[Notice], None]
    ) -> None:
        super().__init__(backend)
        self.resource_group = resource_group
        #: The backend's progress, from any thread, to the app's notices (they are thread-safe).
        self.notify_backend = notify
        self.plan: tuple[Document, Loaded, str] | None = None

    def question(self) -> str:
        return "Apply a file (ACI YAML or ARM template). Enter checks it, enter again applies."

    def extra_inputs(self) -> ComposeResult:
        yield Input(value=self.resource_group, placeholder="resource group", id="apply-rg")

    @on(Input.Changed)
    def _changed(self) -> None:
        if not self.busy:
            self.plan = None  # a new path or group: check again before applying

    def submit(self, path: str) -> None:
        if self.plan is None:
            self._check(path)
        else:
            self.busy = True
            self.status("Applying…")
            self._apply(*self.plan)

    def _check(self, path: str) -> None:
        rg = self.query_one("#apply-rg", Input).value.strip()
        if not rg:
            self.status(self.ASK, "bold")
            return
        try:
            doc = read_file(path)
            loaded = load(doc, resource_group=rg, target=self.backend.name)
        except AcituiError as exc:
            self.failed(exc)
            return
        lines = [str(f) for f in loaded.findings]
        shown = lines[:MAX_FINDINGS] + (
            [f"… and {len(lines) - MAX_FINDINGS} more"] if len(lines) > MAX_FINDINGS else []
        )
        if loaded.errors:
            self.status("Refused:\n" + "\n".join(shown), "bold")
            return
        names = ", ".join(g.name or "?" for g in loaded.groups)
        kind = "template" if loaded.template else "group"
        head = f"Ready to apply {kind} {names} into {rg} on {self.backend.name}."
        self.status("\n".join([head, *shown, "Press enter to apply, esc to cancel."]))
        self.plan = (doc, loaded, rg)

    @work(exclusive=True, group="apply", exit_on_error=False)
    async def _apply(self, doc: Document, loaded: Loaded, rg: str) -> None:
        try:
            if loaded.template and self.backend.name != "docker":
                made = await self.backend.deploy_template(rg, doc, progress=self.notify_backend)
                refs = [g.ref for g in made]
            else:
                refs = []
                for spec in loaded.groups:
                    ref = GroupRef(rg, spec.name)
                    group = await self.backend.create_group(ref, spec, progress=self.notify_backend)
                    refs.append(group.ref)
        except AcituiError as exc:
            self.busy = False
            self.plan = None
            self.failed(exc, "Failed: ")
            return
        self.dismiss(refs)
