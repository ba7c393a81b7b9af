"""The log viewer's pure parts: bounded queues, rendering, wrapping, search steps, file names."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from acitui.errors import InvalidInputError
from acitui.model import LineKind, LogLine
from acitui.sanitize import sanitize
from acitui.ui.logs.colour import sgr_spans
from acitui.ui.logs.export import default_filename, resolve_save_path, write_log
from acitui.ui.logs.pump import LinePump, LogBuffer
from acitui.ui.logs.render import Format, TimestampMode, format_timestamp, render_line, wrap
from acitui.ui.logs.search import Search
from acitui.ui.logs.status import next_tail

T0 = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)


def test_pump_drops_oldest_beyond_capacity_and_counts_them() -> None:
    """A full pump keeps the newest lines and reports how many it dropped, once."""
    pump = LinePump(3)
    for i in range(10):
        pump.push(LogLine(str(i)))
    batch, dropped = pump.take()
    assert [x.text for x in batch] == ["7", "8", "9"]
    assert dropped == 7
    assert pump.take() == ([], 0)
    assert pump.dropped_total == 7


def test_buffer_reports_held_lines_or_none_when_evicted() -> None:
    """Lines added after a mark come back in order; None once the cap evicted some of them."""
    buffer = LogBuffer(5)
    buffer.extend([LogLine(str(i)) for i in range(3)])
    mark = buffer.total
    buffer.extend([LogLine("a"), LogLine("b")])
    assert [x.text for x in buffer.after(mark) or []] == ["a", "b"]
    buffer.extend([LogLine(str(i)) for i in range(4)])
    assert buffer.after(mark) is None
    assert len(buffer) == 5


def test_buffer_merge_places_a_late_tail_in_time_order() -> None:
    """Backlog lines older than what is shown are merged by time; live lines append."""
    buffer = LogBuffer(100)
    start = T0 + timedelta(hours=1)
    web = [LogLine(f"w{i}", "web", T0 + timedelta(seconds=2 * i)) for i in range(3)]
    side = [LogLine(f"s{i}", "side", T0 + timedelta(seconds=2 * i + 1)) for i in range(3)]
    assert buffer.merge(web, start) == web
    assert buffer.merge(side, start) is None
    assert [x.text for x in buffer.lines] == ["w0", "s0", "w1", "s1", "w2", "s2"]
    live = [LogLine("live", "web", start + timedelta(seconds=1))]
    assert buffer.merge(live, start) == live


def test_timestamps_local_and_utc() -> None:
    """Timestamps render to the millisecond in the local zone or UTC, blank when unknown."""
    ts = datetime(2026, 11, 23, 4, 31, 47, 123456, tzinfo=timezone(timedelta(hours=2)))
    assert format_timestamp(ts, TimestampMode.UTC) == "2026-11-23 02:31:47.123"
    local = ts.astimezone().strftime("%Y-%m-%d %H:%M:%S") + ".123"
    assert format_timestamp(ts, TimestampMode.LOCAL) == local
    assert format_timestamp(None, TimestampMode.UTC).strip() == ""


def test_render_sanitises_prefixes_and_marks() -> None:
    """Output is sanitised and prefixed; markers become rules; empty lines stay one row."""
    fmt = Format(TimestampMode.OFF, prefix_width=7)
    assert render_line(LogLine("a\x1b[2Jb", "web"), fmt) == "[web]     ab"
    marker = LogLine("container restarted (exit 137)", kind=LineKind.RESTART)
    assert render_line(marker, Format()) == "──── ⟳ container restarted (exit 137) ────"
    assert (
        render_line(LogLine("", kind=LineKind.GAP), Format()) == "──── ⋯ some lines were lost ────"
    )
    assert render_line(LogLine(""), Format()) == " "


@pytest.mark.parametrize(
    ("text", "width", "pieces"),
    [
        ("abcdefgh", 3, ["abc", "def", "gh"]),
        ("short", 10, ["short"]),
        ("日本語テキスト", 4, ["日本", "語テ", "キス", "ト"]),
        ("a\tb", 4, ["a   ", "    ", "b"]),  # tab stops every 8 cells, as Log draws them
    ],
)
def test_wrap_by_terminal_cells(text: str, width: int, pieces: list[str]) -> None:
    """Wrapping cuts at the widget's width in terminal cells (wide characters count twice)."""
    assert wrap(text, width) == pieces


def test_search_steps_newest_first_and_wraps() -> None:
    """Smart-case search starts at the newest match; n/N wrap around the ends."""
    lines = ["Error one", "fine", "error two", "ERROR three"]
    search = Search()
    search.set_query("error")
    first = search.step(lines, 100, None, forward=False)
    assert first is not None and (first.row, first.index, first.count) == (103, 3, 3)
    after = search.step(lines, 100, 103, forward=True)
    assert after is not None and after.row == 100
    search.set_query("Error")
    only = search.step(lines, 0, None, forward=True)
    assert only is not None and (only.row, only.count) == (0, 1)


def test_save_paths_and_refusal(tmp_path: Path) -> None:
    """Default names are safe; a directory gets the default name; existing files are refused."""
    name = default_filename("my group", "../etc", datetime(2026, 1, 2, 3, 4, 5))
    assert name == "acitui-my_group-etc-20260102-030405.log"
    assert resolve_save_path("", name, tmp_path) == tmp_path / name
    assert resolve_save_path(str(tmp_path), name, Path("/")) == tmp_path / name
    target = tmp_path / "x.log"
    assert write_log(target, ["a", "b"]) == 2
    with pytest.raises(InvalidInputError, match="already exists"):
        write_log(target, ["c"])
    with pytest.raises(InvalidInputError, match="Cannot write"):
        write_log(tmp_path / "missing-dir" / "y.log", ["c"])


def test_tail_cycle() -> None:
    """Tail sizes cycle 100 → 500 → 1000 → 5000 → all → 100, from any configured value."""
    assert [next_tail(t) for t in (100, 500, 1000, 5000, None, 250)] == [
        500, 1000, 5000, None, 100, 500
    ]  # fmt: skip


def test_sgr_colours_become_spans_over_the_sanitised_text() -> None:
    """Colour codes turn into styles over the plain text; other sequences are still stripped."""
    raw = "\x1b[1;31mERROR\x1b[0m db \x1b]0;title\x07\x1b[38;5;208mslow\x1b[39m!"
    spans = sgr_spans(raw, sanitize(raw))
    assert spans is not None
    assert [(a, b) for a, b, _ in spans] == [(0, 5), (9, 13)]
    assert spans[0][2].bold and spans[0][2].color is not None
    assert spans[0][2].color.number == 1
    assert spans[1][2].color is not None and spans[1][2].color.number == 208
    assert sgr_spans("no colour here", "no colour here") is None
    assert sgr_spans("\x1b[0mreset only", "reset only") is None
