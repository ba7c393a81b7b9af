"""One scan for a whole batch of log lines: is every line plain output? (stdlib only)

For output lines of printable ASCII (no C0 control, not even TAB, no DEL) within
:data:`~acitui.sanitize.MAX_LINE`, ``sanitize`` and ``quote_output`` return the
text unchanged and no SGR colour can be present; a flood is almost all such
lines, so the log view and headless ``logs`` check a batch at once and skip the
per-line work. Anything else keeps the per-line path.
"""

from __future__ import annotations

from collections.abc import Sequence

from acitui.model import LineKind, LogLine
from acitui.sanitize import MAX_LINE

#: C0 controls and DEL: what a plain line never holds.
_CONTROLS = bytes(range(0x20)) + b"\x7f"
_OUTPUT = {LineKind.OUTPUT}


def plain_texts(texts: Sequence[str]) -> bool:
    """True when every text is printable ASCII within MAX_LINE (one C-level pass)."""
    joined = "".join(texts)
    if not joined.isascii():
        return False
    data = joined.encode("ascii")
    if len(data.translate(None, _CONTROLS)) != len(data):
        return False
    return max(map(len, texts), default=0) <= MAX_LINE


def plain_ascii(lines: Sequence[LogLine]) -> bool:
    """True when every line is output of printable ASCII within MAX_LINE."""
    if lines and {line.kind for line in lines} != _OUTPUT:
        return False
    return plain_texts([line.text for line in lines])
