"""Make untrusted text safe to put on a terminal.

Everything that came from a container or a provider (log lines, names,
labels, event messages, env values) passes through here before it is shown.
Standard library only.

Stripped: CSI (7- and 8-bit), OSC (incl. OSC 52 clipboard writes and OSC 8
links), DCS, SOS, PM, APC up to BEL/ST (or the end of the text when
unterminated), every other ESC sequence, C0 controls except TAB, DEL, C1
controls, U+2028/U+2029 and bidi overrides/isolates. A carriage return
overwrites from the start of the line, as a terminal would. Length is capped.
``sanitize_sgr`` keeps colour (SGR) sequences and nothing else.
"""

from __future__ import annotations

import re

#: Longest line we display; the rest is cut with a marker saying how much.
MAX_LINE = 16_384
MAX_NAME = 256

_STRING_SEQ = (
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])"  # OSC, DCS, SOS, PM, APC openers
    r"[^\x07\x1b\x9c]*"  # body
    r"(?:\x07|\x1b\\|\x9c|(?=\x1b)|$)"  # BEL, ST, a new ESC, or end of text
)
_CSI = r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
_OTHER_ESC = r"\x1b[\x20-\x2f]*[\x30-\x7e]?"
_CONTROLS = r"[\x00-\x08\x0a-\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u061c]"

_SEQUENCE = re.compile(f"{_STRING_SEQ}|{_CSI}|{_OTHER_ESC}", re.DOTALL)
_CONTROL = re.compile(_CONTROLS)
_SGR = re.compile(r"\x1b\[[0-9;:]*m")
#: Anything at all that needs work: the clean-line fast path skips the rest.
_NEEDS_WORK = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u061c]")


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
    if len(text) <= max_len:
        return text
    return f"{text[:max_len]} … [+{len(text) - max_len} chars]"


def sanitize(text: str, *, max_len: int = MAX_LINE) -> str:
    """Return ``text`` with every terminal control removed (one line)."""
    if not _NEEDS_WORK.search(text):
        return _cap(text, max_len)
    text = _SEQUENCE.sub("", text)
    text = text.replace("\n", " ")
    text = _overwrite_cr(text)
    text = _CONTROL.sub("", text)
    return _cap(text, max_len)


def sanitize_name(text: str, *, max_len: int = MAX_NAME) -> str:
    """Sanitise a short label (name, tag, image): also turns tabs into spaces."""
    return sanitize(text, max_len=max_len).replace("\t", " ")


def sanitize_sgr(text: str, *, max_len: int = MAX_LINE) -> str:
    """Like :func:`sanitize` but keeps SGR colour sequences (``ESC [ … m``)."""
    if not _NEEDS_WORK.search(text):
        return _cap(text, max_len)
    kept: list[str] = []

    def _keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    text = _SGR.sub(_keep, text)
    text = sanitize(text, max_len=max_len)
    return re.sub(r"\ue000(\d+)\ue001", lambda m: kept[int(m.group(1))], text)


def strip_sgr(text: str) -> str:
    """Drop SGR sequences only (for text already otherwise sanitised)."""
    return _SGR.sub("", text)
