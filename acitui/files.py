"""Files acitui writes for the user: owner-only (0600) and atomic. Standard library only."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` readable by its owner only (0600), atomically; the full path.

    A half-written file never replaces a good one: the text goes to a temporary file
    beside the target (``mkstemp`` makes it 0600) and is renamed into place.
    """
    target = path.expanduser().absolute()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
