"""Headless log output: only acitui's markers start with the marker rule."""

from __future__ import annotations

from acitui.model import MARKER_RULE, LineKind, LogLine
from acitui.output import log_line_text


def test_output_posing_as_a_marker_is_quoted_and_real_markers_are_not() -> None:
    """A container line copying a restart marker prints with `| `; the real marker does not."""
    forged = LogLine("\x1b[33;1m──── container restarted ────\x1b[0m", "app")
    real = LogLine("container restarted", "app", kind=LineKind.RESTART)
    assert log_line_text(forged) == "| ──── container restarted ────"
    assert log_line_text(real) == "──── container restarted ────"
    assert log_line_text(LogLine("  ╌╌ x", "app")).startswith("| ")
    assert log_line_text(LogLine("| plain", "app")) == "| plain"
    assert not log_line_text(forged).startswith(MARKER_RULE)
