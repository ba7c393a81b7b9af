"""The sanitizer: nothing from a container may drive the user's terminal."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acitui.sanitize import MAX_LINE, MAX_NAME, Safe, sanitize, sanitize_name

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
    """A giant line is cut to the cap and says exactly how much was cut."""
    raw = "x" * (MAX_LINE + 50)
    out = sanitize(raw)
    assert len(out) == MAX_LINE
    cut = int(re.search(r"\[\+(\d+) chars\]$", out).group(1))  # type: ignore[union-attr]
    assert out.index(" … ") + cut == len(raw)
    assert sanitize(out) == out


def test_names_are_single_line_and_short() -> None:
    """Tabs and newlines in a name are shown as escapes, on one line, and long names are capped."""
    assert sanitize_name("we\tb\nx") == "we\\tb\\nx"
    assert len(sanitize_name("n" * 1000)) == MAX_NAME


INVISIBLE = {
    "zero-width space": "\u200b",
    "byte order mark": "\ufeff",
    "word joiner": "\u2060",
    "soft hyphen": "\u00ad",
    "tag character": "\U000e0041",
    "right-to-left override": "\u202e",
    "left-to-right mark": "\u200e",
    "zero-width joiner": "\u200d",
    "hangul filler": "\u3164",
    "escape": "\x1b",
    "8-bit CSI": "\x9b",
    "delete": "\x7f",
    "lone surrogate": "\ud800",
}


@pytest.mark.parametrize("odd", INVISIBLE.values(), ids=list(INVISIBLE))
def test_names_show_invisible_characters_visibly(odd: str) -> None:
    """`web` and `web` + an invisible character look different, the odd one as an escape."""
    shown = sanitize_name("web" + odd)
    assert shown != "web" and shown.startswith("web\\")
    assert shown.isprintable()


def test_hostile_name_is_shown_as_text_not_run() -> None:
    """An OSC 52 in a label is displayed as harmless escaped text, so the operator sees it."""
    assert sanitize_name("bad\x1b]52;c;aGk=\x07") == "bad\\x1b]52;c;aGk=\\x07"


def test_every_format_character_is_handled() -> None:
    """Every Unicode format (Cf) character is escaped in names and removed from log text."""
    joiners = {"\u200c", "\u200d"}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) != "Cf":
            continue
        assert sanitize_name(char).startswith("\\"), hex(code)
        assert sanitize(f"a{char}b") == ("a" + char + "b" if char in joiners else "ab"), hex(code)


def test_the_boundary_returns_its_type() -> None:
    """Both flavours return Safe, so the type says the text crossed the boundary."""
    assert type(sanitize("x")) is Safe and type(sanitize("\x1b[2Jx")) is Safe
    assert type(sanitize_name("x")) is Safe and type(sanitize_name("\x1bx")) is Safe


def test_zero_width_and_surrogates_leave_log_text() -> None:
    """Log text loses zero-width characters and gets U+FFFD for a lone surrogate (printable)."""
    assert sanitize("we\u200bb\ufeff\u2060") == "web"
    assert sanitize("a\ud800b") == "a\ufffdb"


#: Never on screen: C0 but TAB, DEL, ESC, C1, separators, bidi, zero-width/format, surrogates.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u061c\u200e\u200f"
    "\u200b\u2060\ufeff\u00ad\U000e0000-\U000e007f\ud800-\udfff]"
)
PIECES = ["\x1b]52;c;aGk=\x07", "\x1b[2J", "\x9b6n", "\x1bP+q\x1b\\", "\x1b_x\x9c", "\r", "\x1b"]
any_text = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.text(alphabet=st.characters(exclude_categories=()), max_size=12),
    ),
    max_size=16,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_fuzz_never_lets_a_control_through(raw: str) -> None:
    """Whatever a container writes, no control/bidi/invisible character survives; twice is once."""
    clean = sanitize(raw)
    assert not FORBIDDEN.search(clean)
    assert sanitize(clean) == clean


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_fuzz_names_are_printable_and_stable(raw: str) -> None:
    """Whatever a label holds, its shown name is printable text only (no TAB); twice is once."""
    shown = sanitize_name(raw)
    assert not FORBIDDEN.search(shown) and "\t" not in shown
    assert sanitize_name(shown) == shown
