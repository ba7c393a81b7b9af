"""Search in the displayed log: smart-case literal matching and match stepping.

Pure logic over a sequence of display strings; the widget highlights the
matches and scrolls to the row this returns. Rows are absolute (they survive
the widget pruning old lines), so ``n``/``N`` keep their place in a live log.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


def compile_query(query: str) -> re.Pattern[str] | None:
    """A literal pattern; case-insensitive unless the query has a capital letter."""
    if not query:
        return None
    flags = 0 if any(ch.isupper() for ch in query) else re.IGNORECASE
    return re.compile(re.escape(query), flags)


@dataclass(frozen=True, slots=True)
class Hit:
    """Where the current match is: its absolute row and its place among all matches."""

    row: int
    index: int  # 1-based
    count: int


class Search:
    """The active query; the current match row is kept by the widget."""

    def __init__(self) -> None:
        self.query = ""
        self.pattern: re.Pattern[str] | None = None

    def set_query(self, query: str) -> None:
        self.query = query
        self.pattern = compile_query(query)

    def rows(self, lines: Sequence[str], first_row: int) -> list[int]:
        """Absolute rows of every displayed line that matches."""
        pattern = self.pattern
        if pattern is None:
            return []
        search = pattern.search
        return [first_row + i for i, line in enumerate(lines) if search(line)]

    def step(
        self, lines: Sequence[str], first_row: int, current: int | None, forward: bool
    ) -> Hit | None:
        """The next (newer) or previous (older) match after row ``current``, wrapping.

        With no current match, start from the newest match (logs are read from
        the bottom). Returns None when nothing matches.
        """
        rows = self.rows(lines, first_row)
        if not rows:
            return None
        if current is None:
            index = len(rows) - 1
        elif forward:
            index = next((i for i, row in enumerate(rows) if row > current), 0)
        else:
            index = next(
                (i for i in range(len(rows) - 1, -1, -1) if rows[i] < current), len(rows) - 1
            )
        return Hit(rows[index], index + 1, len(rows))
