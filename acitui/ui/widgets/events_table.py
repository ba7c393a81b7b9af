"""A group's merged event timeline: newest first, with counts."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from acitui.model import Event, sort_events
from acitui.sanitize import sanitize, sanitize_name
from acitui.ui.rows import age

COLUMNS = (
    ("last", "Last seen"),
    ("type", "Type"),
    ("reason", "Reason"),
    ("object", "Object"),
    ("count", "Count"),
    ("message", "Message"),
)


class EventsTable(DataTable[Text]):
    """Events of the group and its containers, newest first."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._shown: list[tuple[str, ...]] = []

    def on_mount(self) -> None:
        for key, label in COLUMNS:
            self.add_column(label, key=key)

    def show(self, events: list[Event], now: datetime) -> None:
        rows: list[tuple[str, ...]] = [
            (
                age(e.last_timestamp or e.first_timestamp, now),
                sanitize_name(e.type),
                sanitize_name(e.name),
                sanitize_name(e.container) if e.container else "group",
                str(e.count),
                sanitize(e.message, max_len=2000),
            )
            for e in sort_events(events)
        ]
        if rows == self._shown:
            return
        keep = self.cursor_row
        # Events are an append-mostly timeline without stable ids: repaint in place.
        self.clear(columns=False)
        for index, row in enumerate(rows):
            cells = [Text(v) for v in row]
            if row[1].lower() == "warning":
                cells[1].stylize("bold")
            self.add_row(*cells, key=str(index))
        self._shown = rows
        if rows:
            self.move_cursor(row=min(keep, len(rows) - 1), animate=False)

    @staticmethod
    def summary(events: list[Event]) -> str:
        warnings = sum(1 for e in events if e.type.lower() == "warning")
        total = sum(e.count for e in events)
        return f"{len(events)} events ({total} occurrences, {warnings} warnings)"
