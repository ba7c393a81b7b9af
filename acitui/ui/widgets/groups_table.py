"""The container groups table: a line view over :class:`GroupsModel` (toolong's shape).

Only the lines on screen are built, each from the model's row at that line, so
5,000 groups cost what 30 do. Columns fit the width by priority; the cursor is
the model's, keyed by group, so it stays on its group across refreshes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from acitui.model import ContainerGroup
from acitui.ui.groups_model import GroupsModel
from acitui.ui.rows import GAP, Column, fit_columns, metric_colour, row_values, state_colour

_COLOURS = ("success", "warning", "primary", "error", "text-muted")
_STATE_CSS = "\n".join(
    f"GroupsTable > .groups-table--{name} {{ color: ${name}; }}" for name in _COLOURS
)
_CACHE_LIMIT = 2048


class GroupsTable(ScrollView, can_focus=True):
    """Groups in the model's order, a header line on top; the cursor row highlighted."""

    DEFAULT_CSS = (
        """
    GroupsTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        &:focus { background-tint: $foreground 5%; }
        & > .groups-table--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .groups-table--header { background: ansi_bright_blue; color: ansi_default; }
        & > .groups-table--even-row { background: $surface-lighten-1 50%; }
        &:dark > .groups-table--even-row { background: $surface-darken-1 40%; }
        & > .groups-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .groups-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .groups-table--placeholder { color: $text-muted; }
    }
    """
        + _STATE_CSS
    )
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "groups-table--header",
        "groups-table--even-row",
        "groups-table--cursor",
        "groups-table--placeholder",
        *(f"groups-table--{name}" for name in _COLOURS),
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]

    class Highlighted(Message):
        """The cursor moved to another group (or the rows under it changed)."""

        def __init__(self, table: GroupsTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> GroupsTable:
            return self.table

    class Selected(Highlighted):
        """The user chose the group under the cursor (a click on it)."""

    def __init__(self, model: GroupsModel, now: Callable[[], datetime], *, id: str | None = None):
        super().__init__(id=id)
        self.model = model
        self.now = now
        #: Shown in the body when there are no rows ("Loading…", what went wrong).
        self.placeholder: list[str] = []
        self._lines: dict[tuple[str, bool, bool], tuple[ContainerGroup, Strip]] = {}
        self._layout: tuple[tuple[int, tuple[tuple[str, int], ...]], list[tuple[Column, int]]]
        self._layout = ((-1, ()), [])
        self._highlighted: str | None = None
        self._screen_line = 0  # where the cursor sits in the view, kept across changes
        self._base = Style()  # the widget's own style, read once per paint

    # ----- what the screen and tests ask --------------------------------------------------
    @property
    def keys(self) -> list[str]:
        return list(self.model.rows)

    @property
    def row_count(self) -> int:
        return len(self.model.rows)

    @property
    def cursor_row(self) -> int:
        return self.model.cursor

    @property
    def selected_key(self) -> str | None:
        return self.model.cursor_key

    def visible_keys(self) -> list[str]:
        """Keys of the rows on screen now (plus the cursor row)."""
        top = round(self.scroll_y)
        keys = self.model.rows[top : top + max(1, self._page())]
        selected = self.selected_key
        if selected is not None and selected not in keys:
            keys.append(selected)
        return keys

    def columns(self) -> list[tuple[Column, int]]:
        """The columns shown at the current width, with their widths."""
        model = self.model
        width = self.scrollable_content_region.width or self.size.width
        wants = tuple(sorted(model.widths().items()))
        if self._layout[0] != (width, wants):
            self._layout = ((width, wants), fit_columns(width, dict(wants)))
            self._lines.clear()
        return self._layout[1]

    def get_cell(self, key: str, column: str) -> Text:
        """The cell of ``key``'s row in ``column``, as drawn (state colour included)."""
        group = self.model.group(key)
        if group is None:
            raise KeyError(key)
        values = row_values(group, self.now(), self.model.metrics.get(key))
        if column == "state":
            return Text(values["state"], style=self._colour(group, values["state"]))
        if colour := metric_colour(self.model.metrics.get(key), column):
            return Text(
                values[column], style=self.get_component_rich_style(f"groups-table--{colour}")
            )
        return Text(values[column])

    # ----- moving --------------------------------------------------------------------
    def move_cursor(self, *, row: int, animate: bool = False, scroll: bool = True) -> None:
        self.model.move(row)
        self._moved()

    def select_key(self, key: str | None) -> None:
        """Put the cursor on ``key`` (now, or when its row arrives)."""
        self.model.select(key)
        self._moved()

    def action_cursor(self, step: int) -> None:
        self.move_cursor(row=self.model.cursor + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(row=self.model.cursor + step * max(1, self._page() - 1))

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=self.row_count - 1)

    async def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return
        row = round(self.scroll_y) + event.y - 1
        if row >= self.row_count:
            return
        if row == self.model.cursor and self.selected_key is not None:
            self.post_message(self.Selected(self, self.selected_key))
            return
        self.move_cursor(row=row)

    def _moved(self) -> None:
        """After the cursor moved: bring it into view, repaint, say so."""
        self._sync()
        cursor, top, page = self.model.cursor, round(self.scroll_y), self._page()
        if cursor < top:
            top = cursor
        elif cursor >= top + page:
            top = cursor - page + 1
        self._scroll(top)
        self._screen_line = cursor - top
        self.refresh()
        self._say_highlighted()

    def changed(self) -> None:
        """The model's rows changed: the cursor keeps its group and its line on screen."""
        self._sync()
        self._scroll(self.model.cursor - self._screen_line)
        self._moved()

    def refresh_rows(self) -> None:
        """Rebuild every line (ages move on, the theme changed)."""
        self._lines.clear()
        self.refresh()

    # ----- drawing -------------------------------------------------------------------
    def _page(self) -> int:
        """Rows the body shows (the header takes one line)."""
        return max(1, self.scrollable_content_region.height - 1)

    def _sync(self) -> None:
        size = Size(self.scrollable_content_region.width, len(self.model.rows) + 1)
        if self.virtual_size != size:
            self.virtual_size = size

    def _scroll(self, top: int) -> None:
        top = max(0, min(top, len(self.model.rows) - self._page()))
        if top != round(self.scroll_y):
            self.scroll_to(y=top, animate=False, immediate=True)

    def _say_highlighted(self) -> None:
        key = self.selected_key
        if key != self._highlighted:
            self._highlighted = key
            self.post_message(self.Highlighted(self, key))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def on_focus(self, event: events.Focus) -> None:
        self._lines.clear()
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self._lines.clear()
        self.refresh()

    def on_resize(self) -> None:
        self._sync()
        self._moved()

    def _colour(self, group: ContainerGroup, shown: str) -> Style:
        name = state_colour(group, shown)
        return self.get_component_rich_style(f"groups-table--{name}", partial=True)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._sync()
        self._base = self.rich_style  # once per paint: it costs ~0.1 ms a call
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base
        if y == 0:
            return self._header(width)
        rows = self.model.rows
        index = round(self.scroll_y) + y - 1
        if not rows:
            return self._placeholder(y - 1, width)
        if index >= len(rows):
            return Strip.blank(width, base)
        key = rows[index]
        group = self.model.group(key)
        if group is None:
            return Strip.blank(width, base)
        slot = (key, index % 2 == 1, index == self.model.cursor)
        cached = self._lines.get(slot)
        if cached is not None and cached[0] is group:
            return cached[1]
        strip = self._row(group, slot[1], slot[2], width)
        if len(self._lines) > _CACHE_LIMIT:
            self._lines.clear()
        self._lines[slot] = (group, strip)
        return strip

    def _placeholder(self, line: int, width: int) -> Strip:
        """A line of the empty list's explanation."""
        text = self.placeholder[line] if line < len(self.placeholder) else ""
        style = self._base + self.get_component_rich_style("groups-table--placeholder")
        strip = Strip(Text(f" {text}", end="").render(self.app.console)).apply_style(style)
        return strip.crop_extend(0, width, self._base)

    def _header(self, width: int) -> Strip:
        style = self._base + self.get_component_rich_style("groups-table--header")
        line = Text(" " * GAP, style=style, end="")
        for column, size in self.columns():
            line.append(column.label[:size].ljust(size))
            line.append(" " * GAP)
        strip = Strip(line.render(self.app.console)).apply_style(style)
        return strip.crop_extend(0, width, style)

    def _row(self, group: ContainerGroup, even: bool, cursor: bool, width: int) -> Strip:
        style = self._base
        if even:
            style += self.get_component_rich_style("groups-table--even-row")
        metric = self.model.metrics.get(group.key)
        values = row_values(group, self.now(), metric)
        line = Text(" " * GAP, style=style, end="")
        for column, size in self.columns():
            cell = Text(values[column.key], end="")
            if column.key == "state":
                cell.stylize(self._colour(group, values["state"]))
            elif colour := metric_colour(metric, column.key):
                cell.stylize(self.get_component_rich_style(f"groups-table--{colour}"))
            cell.truncate(size, overflow="ellipsis", pad=True)
            line.append_text(cell)
            line.append(" " * GAP)
        if cursor:
            cursor_style = self.get_component_rich_style("groups-table--cursor")
            line.stylize(cursor_style)
            style += cursor_style
        strip = Strip(line.render(self.app.console)).apply_style(style)
        return strip.crop_extend(0, width, style)
