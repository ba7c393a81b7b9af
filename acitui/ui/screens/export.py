"""``ctrl+s`` in the YAML view: export the group as a re-appliable file.

The group is read afresh from the backend (the YAML view holds a masked copy, which
must never reach a file that will be applied). ``.json`` writes an ARM template,
anything else ACI YAML; secure values become placeholders that apply refuses until
filled. The file is 0600 and its full path is shown.
"""

from __future__ import annotations

from pathlib import Path

from textual import work

from acitui.backends.base import Backend
from acitui.errors import AcituiError
from acitui.files import write_private
from acitui.model import GroupRef
from acitui.sanitize import sanitize
from acitui.spec.export import export_arm, export_yaml
from acitui.ui.screens.path_dialog import PathDialog


def default_path(ref: GroupRef) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in ref.name) or "group"
    return f"{safe}.yaml"


class ExportScreen(PathDialog[None]):
    """A path in (prefilled), the export written on enter."""

    PATH_ID, STATUS_ID = "export-path", "export-status"

    def __init__(self, backend: Backend, ref: GroupRef) -> None:
        super().__init__(backend)
        self.ref = ref

    def question(self) -> str:
        return (
            f"Export {sanitize(str(self.ref))} to a file (.json: ARM template, "
            "else ACI YAML). Secure values become placeholders."
        )

    def initial_path(self) -> str:
        return default_path(self.ref)

    def submit(self, path: str) -> None:
        self.status("Exporting…")
        self._export(path)

    @work(exclusive=True, group="export", exit_on_error=False)
    async def _export(self, path: str) -> None:
        try:
            group = await self.backend.get_group(self.ref)
        except AcituiError as exc:
            self.failed(exc)
            return
        text = export_arm(group) if path.lower().endswith(".json") else export_yaml(group)
        try:
            written = write_private(Path(path), text)
        except OSError as exc:
            self.status(f"Cannot write {path}: {exc.strerror or exc}", "bold")
            return
        self.status(f"Wrote {written} (0600). Fill the placeholders before applying it.")
