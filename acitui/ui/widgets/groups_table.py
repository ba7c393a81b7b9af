"""The container groups table: rows keyed by group, refreshed by diff, never rebuilt."""

from __future__ import annotations

from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual.color import Color, ColorParseError
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from acitui.model import ContainerGroup, GroupState
from acitui.ui.rows import COLUMNS, STATE_COLOUR, row_values

#: Filter changes bigger than this repaint the table in chunks instead of row by row
#: (``remove_row`` costs O(rows) each in Textual 8.2.8).
SMALL_DIFF = 64
CHUNK = 100


class NameCell(Text):
    """The name cell carries its row key so the table can sort by list order."""

    def __init__(self, text: str, key: str) -> None:
        super().__init__(text)
        self.row_key = key


class GroupsTable(DataTable[Text]):
    """Groups in list order; ``show`` applies a new list with the fewest changes."""

    DEFAULT_CSS = """
    GroupsTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._values: dict[str, dict[str, str]] = {}
        self._states: dict[str, GroupState] = {}
        self._rank: dict[str, int] = {}
        self._order: list[str] = []
        self._generation = 0
        self._pending_cursor: str | None = None

    def on_mount(self) -> None:
        for key, label, width in COLUMNS:
            self.add_column(label, key=key, width=width)
        self.app.theme_changed_signal.subscribe(self, self._recolour)

    @property
    def selected_key(self) -> str | None:
        if self.row_count == 0:
            return None
        row = min(self.cursor_row, self.row_count - 1)
        value = self.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        return value

    @property
    def keys(self) -> list[str]:
        return list(self._order)

    def visible_keys(self) -> list[str]:
        """Keys of the rows on screen now (plus the cursor row)."""
        top = int(self.scroll_y)
        height = max(1, self.scrollable_content_region.height)
        keys = self._order[top : top + height + 1]
        selected = self.selected_key
        if selected is not None and selected not in keys:
            keys.append(selected)
        return keys

    def select_key(self, key: str | None) -> None:
        """Put the cursor on ``key`` (now, or when its row arrives)."""
        if key is None:
            return
        try:
            index = self.get_row_index(key)
        except Exception:  # the row is not (yet) in the table
            self._pending_cursor = key
            return
        self._pending_cursor = None
        if index != self.cursor_row:
            self.move_cursor(row=index, animate=False, scroll=True)

    def _cells(self, key: str, values: dict[str, str], state: GroupState) -> list[Text]:
        cells: list[Text] = []
        for column, _label, _width in COLUMNS:
            if column == "name":
                cells.append(NameCell(values["name"], key))
            elif column == "state":
                cells.append(Text(values["state"], style=self._state_style(state)))
            else:
                cells.append(Text(values[column]))
        return cells

    def _state_style(self, state: GroupState) -> Style:
        variable = STATE_COLOUR.get(state, "text-muted")
        colour = self.app.theme_variables.get(variable) if self.is_mounted else None
        if not colour:
            return Style()
        try:
            return Style(color=Color.parse(colour).rich_color)
        except ColorParseError:
            return Style()

    def _recolour(self, _theme: object = None) -> None:
        for key, state in self._states.items():
            if key in self._rank:
                self.update_cell(
                    key, "state", Text(self._values[key]["state"], style=self._state_style(state))
                )

    def show(
        self, groups: list[ContainerGroup], now: datetime, *, rebuild_ok: bool = False
    ) -> None:
        """Make the table show ``groups`` in order, touching only what changed.

        ``rebuild_ok``: a filter change may repaint in chunks when most rows change
        (so does the first load); a refresh never does.
        """
        keep = self._pending_cursor or self.selected_key
        self._generation += 1  # stop any chunked repaint still under way
        wanted = [g.key for g in groups]
        self._rank = {key: i for i, key in enumerate(wanted)}
        by_key = {g.key: g for g in groups}
        current = set(self._order)
        removed = [k for k in self._order if k not in self._rank]
        added = [k for k in wanted if k not in current]
        if (rebuild_ok or not self._order) and len(removed) + len(added) > SMALL_DIFF:
            self._rebuild(groups, now, keep)
            return
        for key in removed:
            self.remove_row(key)
            self._values.pop(key, None)
            self._states.pop(key, None)
        for key in wanted:
            group = by_key[key]
            values = row_values(group, now)
            if key in current:
                self._update(key, values, group.state)
            else:
                self.add_row(*self._cells(key, values, group.state), key=key)
                self._values[key] = values
                self._states[key] = group.state
        self._order = [k for k in self._order if k in self._rank] + added
        if self._order != wanted:
            self.sort("name", key=lambda cell: self._rank.get(cell.row_key, 0))
            self._order = wanted
        self.select_key(keep)

    def update_group(self, group: ContainerGroup, now: datetime) -> None:
        """Refresh one row in place if it is shown."""
        if group.key in self._values:
            self._update(group.key, row_values(group, now), group.state)

    def _update(self, key: str, values: dict[str, str], state: GroupState) -> None:
        old = self._values.get(key, {})
        for column, value in values.items():
            if old.get(column) == value and not (column == "state" and self._states[key] != state):
                continue
            if column == "state":
                cell: Text = Text(value, style=self._state_style(state))
            elif column == "name":
                cell = NameCell(value, key)
            else:
                cell = Text(value)
            self.update_cell(key, column, cell)
        self._values[key] = values
        self._states[key] = state

    def _rebuild(self, groups: list[ContainerGroup], now: datetime, keep: str | None) -> None:
        """Repaint for a new filter: first screenful at once, the rest in chunks."""
        self._generation += 1
        generation = self._generation
        self.clear(columns=False)
        self._values.clear()
        self._states.clear()
        self._order = []
        self._pending_cursor = keep
        self._add_chunk(groups, now, 0, generation)

    def _add_chunk(self, groups: list[ContainerGroup], now: datetime, start: int, gen: int) -> None:
        if gen != self._generation:
            return  # a newer show() replaced this one
        rows = []
        for group in groups[start : start + CHUNK]:
            values = row_values(group, now)
            self._values[group.key] = values
            self._states[group.key] = group.state
            self._order.append(group.key)
            rows.append((group.key, self._cells(group.key, values, group.state)))
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if self._pending_cursor in self._values:
            self.select_key(self._pending_cursor)
        if start + CHUNK < len(groups):
            # A timer, not call_later: the table measures each chunk on idle, and
            # keys typed meanwhile get their turn between chunks.
            self.set_timer(0.01, lambda: self._add_chunk(groups, now, start + CHUNK, gen))
        elif self._pending_cursor is not None:
            self._pending_cursor = None
            self.move_cursor(row=0)
