"""The containers of one group: state, exit code, restarts, image, CPU/memory."""

from __future__ import annotations

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from acitui.masking import redact_text
from acitui.model import ContainerGroup
from acitui.sanitize import sanitize_name
from acitui.ui.describe import state_text

COLUMNS = (
    ("name", "Container"),
    ("state", "State"),
    ("exit", "Exit"),
    ("restarts", "Restarts"),
    ("image", "Image"),
    ("cpu", "CPU"),
    ("memory", "Memory"),
    ("previous", "Previous state"),
)


class ContainersTable(DataTable[Text]):
    """One row per container (init containers marked), keyed by name."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self._values: dict[str, tuple[str, ...]] = {}

    def on_mount(self) -> None:
        for key, label in COLUMNS:
            self.add_column(label, key=key)

    @property
    def selected_container(self) -> str | None:
        if self.row_count == 0:
            return None
        row = min(self.cursor_row, self.row_count - 1)
        return self.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value

    def show(self, group: ContainerGroup) -> None:
        rows: dict[str, tuple[str, ...]] = {}
        for init, containers in ((True, group.init_containers), (False, group.containers)):
            for c in containers:
                exit_code = c.exit_code
                rows[c.name] = (
                    sanitize_name(c.name) + (" (init)" if init else ""),
                    state_text(c.current_state) if c.current_state else "…",
                    "-" if exit_code is None else str(exit_code),
                    "-" if c.restart_count is None else str(c.restart_count),
                    sanitize_name(redact_text(c.image)),
                    "-" if c.cpu is None else f"{c.cpu:g}",
                    "-" if c.memory_gb is None else f"{c.memory_gb:g} GB",
                    state_text(c.previous_state),
                )
        for key in [k for k in self._values if k not in rows]:
            self.remove_row(key)
            del self._values[key]
        for key, values in rows.items():
            old = self._values.get(key)
            if old is None:
                self.add_row(*(Text(v) for v in values), key=key)
            elif old != values:
                for (column, _), value, before in zip(COLUMNS, values, old, strict=True):
                    if value != before:
                        self.update_cell(key, column, Text(value))
            self._values[key] = values
