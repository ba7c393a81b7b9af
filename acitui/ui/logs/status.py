"""The two lines above the log: what is shown and how, and what needs attention.

Built as ``rich.text.Text`` (never markup), from sanitised names only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rich.style import Style
from rich.text import Text

from acitui.ui.logs.render import TimestampMode

TAILS: tuple[int | None, ...] = (100, 500, 1000, 5000, None)


def next_tail(tail: int | None) -> int | None:
    """The next tail size in 100 → 500 → 1000 → 5000 → all → 100."""
    if tail is None:
        return TAILS[0]
    return next((t for t in TAILS if t is not None and t > tail), None)


def tail_label(tail: int | None) -> str:
    return "all" if tail is None else f"{tail:,}"


def _size(count: int) -> str:
    """Bytes as KB/MB/GB with one decimal."""
    value = count / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:,.1f} {unit}"
        value /= 1024
    return f"{value:,.1f} GB"


@dataclass(slots=True)
class StatusState:
    """Everything the status lines show; compared to skip needless repaints."""

    target: str = ""
    following: bool = True
    pause_reason: str = ""
    lines: int = 0
    cap: int = 0
    tail: int | None = 100
    timestamps: TimestampMode = TimestampMode.OFF
    timezone: str = ""
    wrap: bool = False
    skipped: int = 0
    #: Lines and bytes dropped from the buffer, oldest first, to stay within its bounds.
    dropped_lines: int = 0
    dropped_bytes: int = 0
    held: int = 0
    #: Lines the view skipped to keep up (in the buffer; End draws them).
    behind: int = 0
    #: (container, reason) of each ended stream.
    ended: list[tuple[str, str]] = field(default_factory=list)
    running: int = 0
    search: str = ""
    #: Why the log is empty (shown only while it is).
    empty: str = ""
    #: ASCII glyphs only (the ``acitui-ansi`` theme).
    ascii: bool = False

    def title(self, styles: Mapping[str, Style]) -> Text:
        """``styles`` has "ok", "warn" and "error" entries (from the theme)."""
        on, off = ("*", "||") if self.ascii else ("●", "‖")
        state = (
            (f"{on} following", styles["ok"])
            if self.following
            else (f"{off} paused{self.pause_reason and f' ({self.pause_reason})'}", styles["warn"])
        )
        ts = self.timestamps.value
        if self.timestamps is TimestampMode.LOCAL and self.timezone:
            ts = f"local ({self.timezone})"
        sep = " | " if self.ascii else " · "
        text = Text.assemble(
            (self.target, "bold"),
            sep,
            state,
            f"{sep}{self.lines:,}/{self.cap:,} lines",
            f"{sep}tail {tail_label(self.tail)}",
            f"{sep}time {ts}",
            f"{sep}wrap {'on' if self.wrap else 'off'}",
        )
        if self.skipped:
            text.append(f"{sep}{self.skipped:,} skipped (too fast)", styles["warn"])
        return text

    def notice(self, styles: Mapping[str, Style]) -> Text:
        """Held-back lines, ended streams, lines dropped and the search result (may be empty)."""
        parts: list[tuple[str, Style | str]] = []
        dash = "-" if self.ascii else "—"
        if not self.lines and self.empty:
            parts.append((self.empty if not self.ascii else self.empty.replace("—", "-"), ""))
        if not self.following:
            parts.append((f"{self.held:,} new lines {dash} f/End to resume", styles["warn"]))
        elif self.behind:
            parts.append((f"{self.behind:,} lines behind {dash} End to catch up", styles["warn"]))
        if self.ended:
            name, reason = self.ended[0]
            more = f" (+{len(self.ended) - 1} more)" if len(self.ended) > 1 else ""
            where = f" [{name}]" if self.running or len(self.ended) > 1 else ""
            message = f"stream ended{where}: {reason}{more} — press f to retry"
            parts.append((message, styles["error"]))
        if self.dropped_lines:
            size = _size(self.dropped_bytes)
            parts.append((f"{self.dropped_lines:,} lines / {size} dropped, oldest first", ""))
        if self.search:
            parts.append((self.search, ""))
        text = Text()
        for i, (part, style) in enumerate(parts):
            if i:
                text.append(" | " if self.ascii else " · ")
            text.append(part, style)
        return text
