"""The SGR colour parser: hostile parameters never raise, only colours survive."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.style import Style

from acitui.sanitize import sanitize
from acitui.ui.logs.colour import sgr_spans
from tests.memory_backend import MemoryBackend, log_group
from tests.ui.logs.host import HostApp, screen_text, wait_for
from tests.ui.logs.host import settings as log_settings

_PARAM = st.one_of(
    st.integers(0, 300).map(str),
    st.text("0123456789", min_size=0, max_size=40),
    st.just("9" * 5000),
)
_SGR = st.lists(_PARAM, max_size=8).map(lambda ps: "\x1b[" + ";".join(ps) + "m")
_PIECE = st.one_of(st.text(max_size=20), _SGR, st.sampled_from(["\x1b]0;t\x07", "\x9b2J", "\r"]))


def test_an_sgr_of_ten_thousand_digits_is_ignored_not_fatal() -> None:
    """Parameters past any sane size are ignored; the text keeps its other colours."""
    raw = "\x1b[" + "9" * 10_000 + "mhuge\x1b[31m red\x1b[0m"
    spans = sgr_spans(raw, sanitize(raw))
    assert spans is not None
    assert [(a, b) for a, b, _ in spans] == [(4, 8)]
    assert spans[0][2].color is not None and spans[0][2].color.number == 1


def test_absurd_extended_colours_are_dropped() -> None:
    """38;5;n and 38;2;r;g;b with out-of-range values set no colour instead of wrapping."""
    for params in ("38;5;99999", "38;2;999;0;0", "48;5;" + "7" * 400, "38;2;1"):
        raw = f"\x1b[{params}mtext"
        assert sgr_spans(raw, sanitize(raw)) is None


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECE, max_size=12).map("".join))
def test_any_text_gives_spans_over_the_plain_text_and_never_raises(raw: str) -> None:
    """Fuzz: whatever the line, spans (if any) lie inside the sanitised text and are Styles."""
    plain = sanitize(raw)
    spans = sgr_spans(raw, plain)
    assert "\x1b" not in plain and "\x9b" not in plain
    for start, end, style in spans or []:
        assert 0 <= start < end <= len(plain)
        assert isinstance(style, Style) and not style.link


async def test_a_ten_thousand_digit_sgr_line_is_shown_and_the_app_keeps_running() -> None:
    """A real log line with a 10,000-digit SGR reaches the screen; the app does not crash."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", ["before", "\x1b[" + "4" * 10_000 + "mafter-huge-sgr\x1b[0m", "last"])
    app = HostApp(backend, group, None, log_settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: len(app.view.lines) == 3, "the tail")
        await pilot.pause()
        assert "after-huge-sgr" in screen_text(app)
        assert app.is_running
