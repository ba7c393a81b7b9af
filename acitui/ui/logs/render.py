"""Turn log lines into the plain display strings the log widget shows.

Pure functions, no Textual: every string that came from a container passes
through :func:`acitui.sanitize.sanitize` here, so the widget, the clipboard
and saved files only ever see neutralised text.

Markers cannot be forged by output. A marker (restart, gap, info) renders as
``──── <glyph> <text> ────``; output whose text could pass for one is quoted
with ``| `` (:func:`acitui.model.quote_output`), so in a saved file a line
whose text (after the timestamp and prefix columns, both fixed-width) starts
with ``────`` is always acitui's. In the widget, markers also get a gutter
that output can never draw in (see :mod:`acitui.ui.logs.view`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from rich.cells import cell_len, chop_cells

from acitui.log_batch import plain_ascii, plain_texts
from acitui.model import LineKind, LogLine, quote_output
from acitui.sanitize import sanitize, sanitize_name
from acitui.ui.logs.colour import Span, sgr_spans, shift

#: Width of a rendered timestamp ("2026-11-23 04:31:47.123"), for blank padding.
TS_WIDTH = 23
_RULE = "────"
_GLYPH = {LineKind.RESTART: "⟳", LineKind.GAP: "⋯", LineKind.INFO: "ℹ"}
_DEFAULT_TEXT = {
    LineKind.RESTART: "container restarted",
    LineKind.GAP: "some lines were lost",
    LineKind.INFO: "",
}


class TimestampMode(StrEnum):
    """How timestamps are shown; ``t`` cycles through them in this order."""

    OFF = "off"
    LOCAL = "local"
    UTC = "UTC"

    def next(self) -> TimestampMode:
        order = list(TimestampMode)
        return order[(order.index(self) + 1) % len(order)]


@dataclass(frozen=True, slots=True)
class Format:
    """Everything that changes how a line is rendered."""

    timestamps: TimestampMode = TimestampMode.OFF
    #: Width of the ``[container]`` prefix column; 0 means no prefix.
    prefix_width: int = 0


def format_timestamp(ts: datetime | None, mode: TimestampMode) -> str:
    """A fixed-width timestamp in the local zone or UTC; blanks when unknown."""
    if ts is None or mode is TimestampMode.OFF:
        return " " * TS_WIDTH
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    ts = ts.astimezone(UTC) if mode is TimestampMode.UTC else ts.astimezone()
    return ts.isoformat(sep=" ", timespec="milliseconds")[:TS_WIDTH]


def marker_text(line: LogLine) -> str:
    """The one-line rule shown for a restart, gap or info marker."""
    text = sanitize(line.text).strip() or _DEFAULT_TEXT.get(line.kind, "")
    return f"{_RULE} {_GLYPH.get(line.kind, '·')} {text} {_RULE}"


def keep_cr(text: str) -> str:
    """``text`` without escape sequences or controls, but with its carriage returns kept."""
    if "\r" not in text:
        return sanitize(text)
    return "\r".join(sanitize(part) for part in text.split("\r"))


def render_line(line: LogLine, fmt: Format, body: str | None = None) -> str:
    """One sanitised display string (never empty, never containing a newline).

    ``body`` is the line's sanitised (and quoted) text when the caller already has it.
    """
    if body is None:
        body = (
            quote_output(sanitize(line.text)) if line.kind is LineKind.OUTPUT else marker_text(line)
        )
    parts: list[str] = []
    if fmt.timestamps is not TimestampMode.OFF:
        parts.append(format_timestamp(line.timestamp, fmt.timestamps))
    if fmt.prefix_width:
        parts.append(f"[{sanitize_name(line.container)}]".ljust(fmt.prefix_width + 2))
    if parts:
        parts.append(body)
        return " ".join(parts)
    return body or " "


def file_line(line: LogLine, fmt: Format) -> str:
    """A line as saved to a file: like the screen, but ``\r`` kept rather than applied."""
    if line.kind is not LineKind.OUTPUT or "\r" not in line.text:
        return render_line(line, fmt)
    return render_line(line, fmt, quote_output(keep_cr(line.text)))


def wrap(text: str, width: int) -> list[str]:
    """Split a display string into pieces at most ``width`` cells wide."""
    if width <= 0:
        return [text]
    if "\t" in text:
        text = text.expandtabs()
    if text.isascii():
        if len(text) <= width:
            return [text]
        return [text[i : i + width] for i in range(0, len(text), width)]
    if cell_len(text) <= width:
        return [text]
    return chop_cells(text, width)


def render_batch(
    lines: Iterable[LogLine], fmt: Format, wrap_width: int = 0
) -> tuple[list[str], dict[int, str], dict[int, list[Span]]]:
    """Display strings for ``lines`` (wrapped when ``wrap_width`` > 0), with their styles.

    Returns the strings, the marker rows (row offset → "marker" for restart and
    gap, "info") and the colour spans of rows whose line carried SGR colours.
    """
    out: list[str] = []
    markers: dict[int, str] = {}
    colours: dict[int, list[Span]] = {}
    batch = lines if isinstance(lines, list) else list(lines)
    if not wrap_width and plain_ascii(batch):  # the common flood: one scan, no per-line work
        if fmt.timestamps is TimestampMode.OFF and not fmt.prefix_width:
            return [line.text or " " for line in batch], markers, colours
        return [render_line(line, fmt, line.text) for line in batch], markers, colours
    if not wrap_width and _plain_with_markers(batch):  # a flood after a gap/restart marker
        for line in batch:
            if line.kind is LineKind.OUTPUT:
                out.append(render_line(line, fmt, line.text))
            else:
                markers[len(out)] = "info" if line.kind is LineKind.INFO else "marker"
                out.append(render_line(line, fmt))
        return out, markers, colours
    append = out.append
    for line in batch:
        if line.kind is not LineKind.OUTPUT:
            text = render_line(line, fmt)
            kind = "info" if line.kind is LineKind.INFO else "marker"
            for piece in wrap(text, wrap_width) if wrap_width else [text]:
                markers[len(out)] = kind
                append(piece)
            continue
        raw = line.text
        plain = sanitize(raw)
        text = render_line(line, fmt, quote_output(plain))
        spans = sgr_spans(raw, plain) if "\x1b[" in raw else None
        if spans:
            spans = shift(spans, len(text) - len(plain))
        if not wrap_width:
            if spans:
                colours[len(out)] = spans
            append(text)
            continue
        start = 0
        for piece in wrap(text, wrap_width):
            if spans:
                colours[len(out)] = shift(spans, 0, start, start + len(piece))
            append(piece)
            start += len(piece)
    return out, markers, colours


def _plain_with_markers(batch: list[LogLine]) -> bool:
    """A few markers among plain output (one scan for the output's text)."""
    output = [line.text for line in batch if line.kind is LineKind.OUTPUT]
    return len(output) > len(batch) // 2 and plain_texts(output)
