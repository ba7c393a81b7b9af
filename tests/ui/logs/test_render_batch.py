"""A batch of plain ASCII lines takes the one-scan path and renders exactly as line by line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from acitui.log_batch import plain_ascii
from acitui.model import LineKind, LogLine
from acitui.sanitize import MAX_LINE
from acitui.ui.logs.render import Format, TimestampMode, render_batch, render_line

NOW = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)
PLAIN = [f"{i:08d} GET /api/v1/orders?page={i % 97} 200 12ms" for i in range(50)] + [""]
ODD = [
    "tab\there",
    "evil \x1b]52;c;aGk=\x07 done",
    "\x1b[31mred\x1b[0m",
    "bell\x07",
    "caf\u00e9",
    "\u2500\u2500\u2500\u2500 looks like a marker",
    "bidi \u202e txt",
    "x" * (MAX_LINE + 5),
    "cr\roverwrite",
]


def lines(texts: list[str]) -> list[LogLine]:
    return [LogLine(text=t, container="web", timestamp=NOW) for t in texts]


@pytest.mark.parametrize(
    "fmt", [Format(), Format(TimestampMode.UTC, 0), Format(TimestampMode.OFF, 5)], ids=str
)
@pytest.mark.parametrize("odd", [None, *ODD], ids=repr)
def test_batch_renders_like_each_line_alone(fmt: Format, odd: str | None) -> None:
    """Plain lines (with one odd line mixed in, or none) show the same text either way."""
    batch = lines(PLAIN + ([odd] if odd is not None else []))
    assert plain_ascii(batch) is (odd is None)
    out, markers, _ = render_batch(batch, fmt)
    assert out == [render_line(line, fmt) for line in batch]
    assert not markers
    assert all(ch >= " " or ch == "\t" for text in out for ch in text)


def test_a_marker_line_keeps_the_slow_path() -> None:
    """A restart marker in the batch is framed as a marker, not shown as output."""
    batch = [*lines(PLAIN[:3]), LogLine(text="restarted", kind=LineKind.RESTART, timestamp=NOW)]
    assert not plain_ascii(batch)
    out, markers, _ = render_batch(batch, Format())
    assert markers == {3: "marker"} and out[:3] == PLAIN[:3]


@pytest.mark.parametrize("fmt", [Format(), Format(TimestampMode.UTC, 5)], ids=str)
def test_markers_among_plain_lines_render_like_each_line_alone(fmt: Format) -> None:
    """A gap and an info marker inside a plain flood keep their marker rows and text."""
    gap = LogLine(text="1,000 lines not drawn", kind=LineKind.GAP, timestamp=NOW)
    info = LogLine(text="reconnected", kind=LineKind.INFO)
    batch = [gap, *lines(PLAIN[:20]), info, *lines(PLAIN[20:])]
    out, markers, _ = render_batch(batch, fmt)
    assert out == [render_line(line, fmt) for line in batch]
    assert markers == {0: "marker", 21: "info"}
