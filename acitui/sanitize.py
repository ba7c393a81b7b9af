"""The display boundary: make untrusted text safe to put on a terminal.

Everything that came from a container or a provider (log lines, names,
labels, event messages, env values) passes through here before it is shown,
and comes back as :class:`Safe` — a ``str`` whose type says it crossed the
boundary. Standard library only.

Two flavours:

- :func:`sanitize` (log lines, event messages, long text) strips CSI (7- and
  8-bit), OSC (incl. OSC 52 clipboard writes and OSC 8 links), DCS, SOS, PM,
  APC up to BEL/ST (or the end of the text when unterminated), every other ESC
  sequence, C0 controls except TAB, DEL, C1 controls, U+2028/U+2029, bidi
  controls and invisible format characters (zero-width space, BOM, word
  joiner, soft hyphen, tag characters…; ZWJ/ZWNJ stay, emoji and scripts need
  them). Lone surrogates become U+FFFD. A carriage return overwrites from the
  start of the line, as a terminal would. Length is capped.
- :func:`sanitize_name` (names, labels, tags, short fields) strips nothing:
  every control, bidi, invisible or format character is *shown* as an escape
  (``\\x1b``, ``\\u200b``, ``\\n``), the way ``ls -b`` shows odd bytes, so
  ``web``, ``web\\u200b`` and ``web<ESC>`` look different.

Both are idempotent and their clean fast path is one regex search. Colour (SGR) in
logs is parsed by the log view itself (:mod:`acitui.ui.logs.colour`), not kept here.
"""

from __future__ import annotations

import re

#: Longest line we display; the rest is cut with a marker saying how much.
MAX_LINE = 16_384
MAX_NAME = 256


class Safe(str):
    """Text that crossed the display boundary: no control, escape, bidi or invisible character.

    Still plain text: a ``[`` in it is data, so widgets take it wrapped in
    ``rich.text.Text`` (never as markup).
    """

    __slots__ = ()


# Invisible/format characters (Unicode category Cf, plus the Hangul fillers that
# render as nothing). A test checks this covers every Cf code point Python knows.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e007f"
)
#: For other escapers (JSON): every character class above that is not C0 or DEL.
NON_C0_UNSAFE = f"\x80-\x9f\u2028\u2029{_FORMAT}\ud800-\udfff"
_JOINERS = "\u200c\u200d"  # ZWNJ/ZWJ: kept in log text (emoji, Persian, Indic scripts)
_SURROGATES = "\ud800-\udfff"

_STRING_SEQ = (
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])"  # OSC, DCS, SOS, PM, APC openers
    r"[^\x07\x1b\x9c]*"  # body
    r"(?:\x07|\x1b\\|\x9c|(?=\x1b)|$)"  # BEL, ST, a new ESC, or end of text
)
_CSI = r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
_OTHER_ESC = r"\x1b[\x20-\x2f]*[\x30-\x7e]?"

_SEQUENCE = re.compile(f"{_STRING_SEQ}|{_CSI}|{_OTHER_ESC}", re.DOTALL)
#: What ``sanitize`` removes once sequences are gone (ZWNJ/ZWJ excepted).
_CONTROL = re.compile(
    f"(?![{_JOINERS}])[\x00-\x08\x0a-\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{_FORMAT}]"
)
_SURROGATE = re.compile(f"[{_SURROGATES}]")
#: Anything at all that needs work: the clean-line fast path skips the rest.
_NEEDS_WORK = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029{_FORMAT}{_SURROGATES}]")
#: Everything a name shows as an escape (TAB and the joiners too: a name has no use for them).
_NAME_ODD = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_FORMAT}{_SURROGATES}]")
_ASCII_WORK = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
_ASCII_ODD = re.compile("[\x00-\x1f\x7f]")
_FILLERS = re.compile("[\u115f\u1160\u3164\uffa0]")  # printable to Python, blank on screen
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _overwrite_cr(text: str) -> str:
    """Apply carriage returns the way a terminal shows them."""
    if "\r" not in text:
        return text
    line = ""
    for segment in text.split("\r"):
        if segment:
            line = segment + line[len(segment) :]
    return line


def _cap(text: str, max_len: int) -> str:
    """At most ``max_len`` characters, ending with how many were cut (capping twice = once)."""
    if len(text) <= max_len:
        return text
    keep = max_len
    for _ in range(3):  # the marker's own length depends on the count it shows
        marker = f" … [+{len(text) - keep} chars]"
        keep = max(0, max_len - len(marker))
    return text[:keep] + f" … [+{len(text) - keep} chars]"


def _clean(text: str, ascii_odd: re.Pattern[str], odd: re.Pattern[str]) -> bool:
    """True when nothing in ``text`` needs work (the fast path: C-speed checks first)."""
    if text.isascii():
        return not ascii_odd.search(text)
    if text.isprintable():  # no Cc, Cf, Cs, Zl, Zp: only the fillers remain to check
        return not _FILLERS.search(text)
    return not odd.search(text)


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def sanitize(text: str, *, max_len: int = MAX_LINE) -> Safe:
    """Return ``text`` with every terminal control removed (one line)."""
    if _clean(text, _ASCII_WORK, _NEEDS_WORK):
        return Safe(_cap(text, max_len))
    text = _SEQUENCE.sub("", text)
    text = text.replace("\n", " ")
    text = _overwrite_cr(text)
    text = _CONTROL.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    return Safe(_cap(text, max_len))


def sanitize_name(text: str, *, max_len: int = MAX_NAME) -> Safe:
    """A short label (name, tag, image, protocol) on one line, every odd character shown escaped."""
    if _clean(text, _ASCII_ODD, _NAME_ODD):
        return Safe(_cap(text, max_len))
    return Safe(_cap(_NAME_ODD.sub(_escape, text), max_len))
