"""The sanitizer: nothing from a container may drive the user's terminal."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acitui.sanitize import MAX_LINE, sanitize, sanitize_name, sanitize_sgr

HOSTILE = {
    "osc52 clipboard write": "a\x1b]52;c;cm0gLXJmIH4=\x07b",
    "osc52 with ST": "a\x1b]52;c;cm0gLXJmIH4=\x1b\\b",
    "osc0 title": "a\x1b]0;pwned\x07b",
    "osc8 link": "a\x1b]8;;https://evil.example\x1b\\b\x1b]8;;\x1b\\",
    "clear screen": "a\x1b[2Jb",
    "device status report": "a\x1b[6nb",
    "alt screen off": "a\x1b[?1049lb",
    "dcs": "a\x1bPq#0;2;0;0;0\x1b\\b",
    "apc": "a\x1b_Gf=100;AAAA\x1b\\b",
    "8-bit csi": "a\x9b2Jb",
    "8-bit osc": "a\x9d0;title\x9cb",
    "charset switch": "a\x1b(0b",
    "bell and backspace": "a\x07\x08b",
    "del and nul": "a\x7f\x00b",
    "bidi override": "a\u202eb",
    "line separator": "a\u2028b",
}


@pytest.mark.parametrize("raw", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_sequences_are_removed(raw: str) -> None:
    """Escape sequences and control characters never reach the screen; the text around them does."""
    clean = sanitize(raw)
    assert clean.startswith("a") and "b" in clean
    assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]", clean)


def test_unterminated_osc_swallows_rest_of_line() -> None:
    """An OSC with no terminator cannot leak its payload as text or as a sequence."""
    assert sanitize("ok\x1b]52;c;AAAA") == "ok"


def test_carriage_return_overwrites_like_a_terminal() -> None:
    """Progress bars redrawn with CR show their last state, not every frame."""
    assert sanitize("10%\r20%\r30%") == "30%"
    assert sanitize("line\r\n".rstrip("\n")) == "line"


def test_clean_text_is_unchanged_and_tabs_survive() -> None:
    """Ordinary log text, unicode and tabs come through untouched."""
    assert sanitize("GET /ünïcode 200\t12ms") == "GET /ünïcode 200\t12ms"


def test_long_lines_are_capped_with_a_marker() -> None:
    """A giant line is cut and says how much was cut."""
    out = sanitize("x" * (MAX_LINE + 50))
    assert out.endswith("[+50 chars]")


def test_names_are_single_line_and_short() -> None:
    """Names and labels lose tabs and newlines and are capped."""
    assert sanitize_name("we\tb\nx") == "we b x"
    assert len(sanitize_name("n" * 1000)) < 300


def test_sgr_colours_can_be_kept_but_nothing_else() -> None:
    """Colour survives in coloured mode; a clear-screen next to it does not."""
    out = sanitize_sgr("\x1b[31mred\x1b[0m\x1b[2J\x1b]0;t\x07")
    assert out == "\x1b[31mred\x1b[0m"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_fuzz_never_lets_a_control_through(raw: str) -> None:
    """Whatever bytes a container writes, no control character survives."""
    clean = sanitize(raw)
    assert not re.search(
        r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", clean
    )
