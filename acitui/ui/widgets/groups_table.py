"""The container groups table: rows keyed by group, refreshed by diff, never rebuilt."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual.color import Color, ColorParseError
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets._data_table import DuplicateKey, Row, RowKey

from acitui.model import ContainerGroup, GroupState
from acitui.ui.rows import COLUMNS, STATE_COLOUR, row_values

#: Changes bigger than this clear the table and add the rows back in one batch
#: (``remove_row`` costs O(rows) each in Textual 8.2.8).
SMALL_DIFF = 64
_COLUMN_KEYS = tuple(key for key, _label, _width in COLUMNS)


class NameCell(Text):
    """The name cell carries its row key so the table can sort by list order."""

    def __init__(self, text: str, key: str) -> None:
        super().__init__(text)
        self.row_key = key


def theme_colour(value: str, variables: dict[str, str]) -> Color | None:
    """A theme variable's colour; ``auto N%`` means text at N% over the background."""
    try:
        return Color.parse(value)
    except ColorParseError:
        pass
    word, _, alpha = value.partition(" ")
    if word != "auto":
        return None
    try:
        background = Color.parse(variables.get("background", "black"))
        share = float(alpha.rstrip("%")) / 100 if alpha else 0.95
    except (ColorParseError, ValueError):
        return None
    return background + background.get_contrast_text(share)


class GroupsTable(DataTable[Text]):
    """Groups in list order; ``show`` applies a new list with the fewest changes."""

    DEFAULT_CSS = """
    GroupsTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._values: dict[str, dict[str, str]] = {}
        self._states: dict[str, GroupState] = {}
        self._shown: dict[str, ContainerGroup] = {}  # key → the group its row was built from
        self._rank: dict[str, int] = {}
        self._order: list[str] = []
        self._pending_cursor: str | None = None
        self._styles: dict[GroupState, Style] = {}
        #: key → (group, its cells), kept for rows filtered out too: showing them
        #: again reuses the cells while the group object is the same.
        self._built: dict[str, tuple[ContainerGroup, dict[str, str], list[Text]]] = {}
        #: key → the table's own records for those cells, reused while the cells are.
        self._parts: dict[str, tuple[list[Text], RowKey, dict[object, Text], Row]] = {}

    def on_mount(self) -> None:
        for key, label, width in COLUMNS:
            self.add_column(label, key=key, width=width)
        self.app.theme_changed_signal.subscribe(self, self._recolour)

    def _update_dimensions(self, new_rows: Iterable[object]) -> None:
        """Every column has a fixed width and every row one line: nothing to measure.

        Textual measures each new cell here (11 per row); at thousands of rows that
        was most of the cost of filling the table.
        """
        width = sum(c.get_render_width(self) for c in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            width + self._row_label_column_width, self._total_row_height + header
        )

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
        index = self._row_locations.get(key) if key in self._values else None
        if index is None:  # the row is not (yet) in the table
            self._pending_cursor = key
            return
        self._pending_cursor = None
        if index != self.cursor_row:
            self.move_cursor(row=index, animate=False, scroll=True)

    # ----- cells ------------------------------------------------------------------
    def _state_style(self, state: GroupState) -> Style:
        style = self._styles.get(state)
        if style is None:
            style = Style()
            if self.is_mounted:
                variables = self.app.theme_variables
                value = variables.get(STATE_COLOUR.get(state, "text-muted"))
                colour = theme_colour(value, variables) if value else None
                if colour is not None:
                    style = Style(color=colour.rich_color)
            self._styles[state] = style
        return style

    def _cells(self, key: str, values: dict[str, str], state: GroupState) -> list[Text]:
        cells: list[Text] = [NameCell(values["name"], key)]
        cells.append(Text(values["state"], style=self._state_style(state)))
        cells.extend(Text(values[column]) for column in _COLUMN_KEYS[2:])
        return cells

    def _recolour(self, _theme: object = None) -> None:
        self._styles.clear()
        self._built = {k: v for k, v in self._built.items() if k in self._values}
        for key, state in self._states.items():
            cell = Text(self._values[key]["state"], style=self._state_style(state))
            self._built[key][2][1] = cell
            self.update_cell(key, "state", cell)

    def prune(self, keys: set[str]) -> None:
        """Forget the cells of groups that are no longer listed."""
        self._built = {k: v for k, v in self._built.items() if k in keys}
        self._parts = {k: v for k, v in self._parts.items() if k in keys}

    # ----- showing ----------------------------------------------------------------
    def show(
        self,
        groups: list[ContainerGroup],
        now: datetime,
        *,
        rebuild_ok: bool = False,
        partial: bool = False,
        keys: list[str] | None = None,
    ) -> None:
        """Make the table show ``groups`` in order, touching only what changed.

        Rows whose group object is the one they were built from are left alone.
        Big changes clear the table and add every row back in one batch, the cursor
        staying on its group. ``rebuild_ok`` is kept for callers; any big change may
        rebuild. ``partial``: more rows are coming (a list still arriving page by
        page), so a cursor waiting for its row keeps waiting. ``keys``: the groups'
        keys when the caller has them already.
        """
        keep = self._pending_cursor or self.selected_key
        row = self.cursor_row
        wanted = keys if keys is not None else [g.key for g in groups]
        self._rank = rank = {key: i for i, key in enumerate(wanted)}
        removed = [k for k in self._order if k not in rank]
        values = self._values
        added_keys = {k for k in wanted if k not in values}
        added = [g for k, g in zip(wanted, groups, strict=True) if k in added_keys]
        append_only = not removed and wanted[: len(self._order)] == self._order
        if len(removed) + len(added) > SMALL_DIFF and not append_only:
            self._rebuild(groups, now)
            self._settle_cursor(keep, partial, row)
            return
        for key in removed:
            self.remove_row(key)
            self._forget(key)
        shown = self._shown
        for key, group in zip(wanted, groups, strict=True):
            old = shown.get(key)
            if old is not None and old is not group:
                self._update(group, row_values(group, now))
        self._add(added, now)
        self._order = [k for k in self._order if k in rank] + [k for k in wanted if k in added_keys]
        if self._order != wanted:
            self.sort("name", key=lambda cell: self._rank.get(cell.row_key, 0))
            self._order = wanted
        self._settle_cursor(keep, partial, row)

    def _settle_cursor(self, keep: str | None, partial: bool, row: int) -> None:
        self.select_key(keep)
        if not partial and self._pending_cursor is not None:
            self._pending_cursor = None  # its group is gone: the cursor stays at its row
            if self.row_count and self.cursor_row != min(row, self.row_count - 1):
                self.move_cursor(row=min(row, self.row_count - 1), animate=False, scroll=True)

    def update_group(self, group: ContainerGroup, now: datetime) -> None:
        """Refresh one row in place if it is shown."""
        if group.key in self._values:
            self._update(group, row_values(group, now))

    def _forget(self, key: str) -> None:
        self._values.pop(key, None)
        self._states.pop(key, None)
        self._shown.pop(key, None)

    def _add(self, groups: list[ContainerGroup], now: datetime) -> None:
        rows: list[tuple[str, list[Text]]] = []
        built = self._built
        for group in groups:
            key = group.key
            cached = built.get(key)
            if cached is not None and cached[0] is group:
                _group, values, cells = cached
            else:
                values = row_values(group, now)
                cells = self._cells(key, values, group.state)
                built[key] = (group, values, cells)
            self._values[key] = values
            self._states[key] = group.state
            self._shown[key] = group
            rows.append((key, cells))
        self._append_rows(rows)

    def _append_rows(self, rows: list[tuple[str, list[Text]]]) -> None:
        """``add_row`` for many rows at once, with its per-row bookkeeping done once.

        Textual 8.2.8's ``add_row`` re-sorts the columns, sets the cursor reactive and
        bumps the cache generation for every row (~30 µs each). This fills the same
        structures once per batch; rows are one line high, without labels.
        """
        if not rows:
            return
        was_empty = self.row_count == 0
        columns = [column.key for column in self.ordered_columns]
        locations = self._row_locations
        data = self._data
        metadata = self.rows
        index = first = len(metadata)
        parts = self._parts
        for key, cells in rows:
            known = parts.get(key)
            if known is not None and known[0] is cells:
                _cells, row_key, row_data, row = known
            else:
                row_key = RowKey(key)
                row_data = dict(zip(columns, cells, strict=True))
                row = Row(row_key, 1)
                parts[key] = (cells, row_key, row_data, row)
            if row_key in locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            locations[row_key] = index
            data[row_key] = row_data
            metadata[row_key] = row
            index += 1
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        if first <= self.scroll_y + self.size.height:
            self._update_count += 1  # new rows may be in view: render afresh
            self.refresh()
        else:
            # Rows below the view leave every rendered line as it was; keeping the
            # generation keeps Textual's line caches, only row offsets are recounted.
            self._offset_cache.clear()
        self.check_idle()

    def _update(self, group: ContainerGroup, values: dict[str, str]) -> None:
        key = group.key
        old = self._values.get(key, {})
        state = group.state
        state_changed = self._states.get(key) != state
        cached = self._built.get(key)
        cells = list(cached[2]) if cached is not None else self._cells(key, values, state)
        for column, value in values.items():
            if old.get(column) == value and not (column == "state" and state_changed):
                continue
            if column == "state":
                cell: Text = Text(value, style=self._state_style(state))
            elif column == "name":
                cell = NameCell(value, key)
            else:
                cell = Text(value)
            self.update_cell(key, column, cell)
            cells[_COLUMN_KEYS.index(column)] = cell
        self._built[key] = (group, values, cells)
        self._values[key] = values
        self._states[key] = state
        self._shown[key] = group

    def _rebuild(self, groups: list[ContainerGroup], now: datetime) -> None:
        """Clear and add every row in one batch."""
        self.clear(columns=False)
        self._values.clear()
        self._states.clear()
        self._shown.clear()
        self._add(groups, now)
        self._order = [g.key for g in groups]
