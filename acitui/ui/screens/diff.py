"""``D``: how a file (ACI YAML or ARM template) differs from the selected live group.

Type the file's path and press enter: the group is read afresh from the backend and
compared field by field (:func:`acitui.spec.diff.diff`) — read-only fields and the
service's defaults ignored, secure values "not comparable", never shown.
"""

from __future__ import annotations

from textual import work

from acitui.backends.base import Backend
from acitui.errors import AcituiError
from acitui.model import GroupRef
from acitui.sanitize import sanitize
from acitui.spec.diff import diff
from acitui.spec.load import load
from acitui.spec.yaml_file import read_file
from acitui.ui.screens.path_dialog import PathDialog

#: An export's unfilled secure placeholders compare as "not comparable", never refuse a diff.
_PLACEHOLDER = "placeholder for the "


class DiffScreen(PathDialog[None]):
    """A path in, the differences with the live group out."""

    DEFAULT_CSS = """
    DiffScreen .dialog { width: 96; }
    DiffScreen #diff-result { margin-top: 1; }
    """
    PATH_ID, STATUS_ID = "diff-path", "diff-result"
    SCROLLS = True

    def __init__(self, backend: Backend, ref: GroupRef) -> None:
        super().__init__(backend)
        self.ref = ref

    def question(self) -> str:
        return f"Compare {sanitize(str(self.ref))} with a file (enter compares, esc closes)"

    def submit(self, path: str) -> None:
        self.status("Comparing…")
        self._compare(path)

    @work(exclusive=True, group="diff", exit_on_error=False)
    async def _compare(self, path: str) -> None:
        try:
            loaded = load(read_file(path), resource_group=self.ref.resource_group)
            refusals = [f for f in loaded.errors if not f.message.startswith(_PLACEHOLDER)]
            if refusals:
                self.status("The file is refused:\n" + "\n".join(map(str, refusals[:8])), "bold")
                return
            wanted = [g for g in loaded.groups if (g.name or "").lower() == self.ref.name.lower()]
            if not wanted and len(loaded.groups) == 1:
                wanted = loaded.groups  # a file without (or with another) name: compare anyway
            if not wanted:
                names = ", ".join(g.name for g in loaded.groups) or "none"
                self.status(f"The file has no group named {self.ref.name} (it has: {names})")
                return
            live = await self.backend.get_group(self.ref)
        except AcituiError as exc:
            self.failed(exc)
            return
        result = diff(wanted[0], live)
        if result.equal:
            lines = [f"Equal: {path} describes {self.ref} as it runs."]
        else:
            lines = [
                f"{len(result.changes)} difference(s) (~ changed, + only in file, - only live):"
            ]
        lines += [str(d) for d in result.differences]
        self.status("\n".join(lines))
