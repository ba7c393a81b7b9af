"""One scan for a whole batch of log lines: is every line plain output? (stdlib only)

For output lines of printable ASCII (no C0 control, not even TAB, no DEL) within
:data:`~acitui.sanitize.MAX_LINE`, ``sanitize`` and ``quote_output`` return the
text unchanged and no SGR colour can be present; a flood is almost all such
lines, so the log view and headless ``logs`` check a batch at once and skip the
per-line work. Anything else keeps the per-line path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from acitui.model import LineKind, LogLine
from acitui.sanitize import MAX_LINE

_NOT_PLAIN = re.compile("[\x00-\x1f\x7f]")


def plain_ascii(lines: Sequence[LogLine]) -> bool:
    """True when every line is output of printable ASCII within MAX_LINE."""
    if any(line.kind is not LineKind.OUTPUT for line in lines):
        return False
    texts = [line.text for line in lines]
    joined = "".join(texts)
    if not joined.isascii() or _NOT_PLAIN.search(joined):
        return False
    return max(map(len, texts), default=0) <= MAX_LINE
