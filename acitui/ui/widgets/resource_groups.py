"""The resource groups pane: each with its group count, plus "all"."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from acitui.sanitize import sanitize_name

ALL = "\x00all"  # the option id of "all resource groups" (never a real name)


class ResourceGroupList(OptionList):
    """Resource groups with counts; the highlighted one filters the table."""

    DEFAULT_CSS = """
    ResourceGroupList {
        width: 26; height: 1fr; border: round $panel; border-title-color: $text;
    }
    ResourceGroupList:focus { border: round $primary; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Resource groups"
        self._shown: list[tuple[str, int]] = []

    @property
    def selected(self) -> str | None:
        """The chosen resource group, or None for all of them."""
        if self.highlighted is None or not self.option_count:
            return None
        option_id = self.get_option_at_index(self.highlighted).id
        return None if option_id in (None, ALL) else option_id

    def set_groups(self, counts: list[tuple[str, int]], select: str | None = None) -> None:
        """Show ``(name, count)`` pairs, keeping the highlighted one where it was."""
        total = sum(n for _, n in counts)
        rows = [(ALL, total), *counts]
        if rows == self._shown and select is None:
            return
        keep = select if select is not None else self.selected
        self._shown = rows
        shown = {name: "(all)" if name == ALL else sanitize_name(name) for name, _ in rows}
        width = max(8, max((len(label) for label in shown.values()), default=8))
        options = [
            Option(Text(f"{shown[name]:<{width}} {count:>4}"), id=name) for name, count in rows
        ]
        self.clear_options()
        self.add_options(options)
        index = next((i for i, (name, _) in enumerate(rows) if name == keep), 0)
        self.highlighted = index
