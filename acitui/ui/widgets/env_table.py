"""Environment variables per container: masked until revealed, secure never shown.

A revealed value is shown whole (the column widens to it) and ``C`` copies it
over OSC 52; a masked or secure value is never copied.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from acitui.masking import display_value
from acitui.model import ContainerGroup, EnvVar
from acitui.sanitize import sanitize, sanitize_name
from acitui.ui import keys


def env_hint(group: ContainerGroup) -> str:
    """The line above the table: why it is empty, or how to reveal (secure values only if any)."""
    variables = [v for c in (*group.init_containers, *group.containers) for v in c.environment]
    if not variables:
        return "No environment variables in this container group."
    hint = "Plain values are masked: m reveals the selected one, M all."
    if any(v.secure for v in variables):
        hint += " Secure values are never retrievable."
    return hint


class EnvTable(DataTable[Text]):
    """``m`` reveals the selected plain value, ``M`` all, ``C`` copies a revealed one.

    ``mask_all`` hides them again.
    """

    BINDINGS: ClassVar[list[BindingType]] = [*keys.bindings("env")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self._vars: dict[str, EnvVar] = {}
        self._revealed: set[str] = set()

    def on_mount(self) -> None:
        self.add_column("Container", key="container")
        self.add_column("Name", key="name")
        self.add_column("Value", key="value")

    @property
    def revealed(self) -> frozenset[str]:
        return frozenset(self._revealed)

    def show(self, group: ContainerGroup) -> None:
        wanted: dict[str, tuple[str, EnvVar]] = {}
        for c in (*group.init_containers, *group.containers):
            for var in c.environment:
                wanted[f"{c.name}\x00{var.name}"] = (c.name, var)
        for key in [k for k in self._vars if k not in wanted]:
            self.remove_row(key)
            del self._vars[key]
            self._revealed.discard(key)
        for key, (container, var) in wanted.items():
            if key not in self._vars:
                self.add_row(
                    Text(sanitize_name(container)),
                    Text(sanitize_name(var.name)),
                    self._value(key, var),
                    key=key,
                )
            elif self._vars[key] != var:
                self.update_cell(key, "value", self._value(key, var), update_width=True)
            self._vars[key] = var

    def _value(self, key: str, var: EnvVar) -> Text:
        text = Text(display_value(var, reveal=key in self._revealed))
        if var.secure:
            text.stylize("italic")
        return text

    def _selected(self) -> str | None:
        if self.row_count == 0:
            return None
        row = min(self.cursor_row, self.row_count - 1)
        return self.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value

    def _set(self, key: str, reveal: bool) -> None:
        var = self._vars[key]
        if var.secure:
            return
        if reveal:
            self._revealed.add(key)
        else:
            self._revealed.discard(key)
        self.update_cell(key, "value", self._value(key, var), update_width=True)

    def action_reveal(self) -> None:
        """Toggle the selected plain value; a secure one says it cannot be shown."""
        key = self._selected()
        if key is None:
            return
        if self._vars[key].secure:
            self.notify(
                "Secure values are never returned by the provider.",
                title="Not retrievable",
                markup=False,
            )
            return
        self._set(key, key not in self._revealed)

    def action_reveal_all(self) -> None:
        """Reveal every plain value, or mask them all when all are shown."""
        plain = [k for k, v in self._vars.items() if not v.secure]
        reveal = any(k not in self._revealed for k in plain)
        for key in plain:
            self._set(key, reveal)

    def mask_all(self) -> None:
        for key in list(self._revealed):
            self._set(key, False)

    def action_copy_value(self) -> None:
        """Copy the selected value to the clipboard (OSC 52), only once it is revealed."""
        key = self._selected()
        if key is None:
            return
        var = self._vars[key]
        if var.secure or var.value is None:
            self.notify(
                "Secure values are never returned by the provider.",
                title="Not retrievable",
                markup=False,
            )
            return
        if key not in self._revealed:
            self.notify(
                "Reveal the value with m first, then copy it.", title="Masked", markup=False
            )
            return
        self.app.copy_to_clipboard(sanitize(var.value))
        self.notify(f"Copied the value of {sanitize_name(var.name)} (OSC 52).", markup=False)
