"""The line under the groups table: how many are shown, what failed, the selected group's why."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from acitui.diagnosis import diagnose
from acitui.sanitize import sanitize_name
from acitui.ui.groups_model import GroupsModel
from acitui.ui.list_status import list_status


class ListStatusLine(Static):
    """One line of safe text, redrawn only when it says something new."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._said: str | None = None

    def show(self, model: GroupsModel, retry_in: float, now: datetime) -> list[str]:
        """Say the model's state; returns the lines an empty table shows instead of rows."""
        status, lines = list_status(model, retry_in)
        selected = model.group(model.cursor_key) if model.cursor_key else None
        if selected is not None and selected.detailed:
            found = diagnose(selected, now=now, metrics=None)
            if found is not None:  # the selected group's "why" (issue 15)
                status = f"{status} · {sanitize_name(selected.name)}: {found.summary}"
        if status != self._said:
            self._said = status
            self.update(Text(status), layout=False)  # one line whatever it says: no relayout
        return lines
