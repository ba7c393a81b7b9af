"""Copy and save: what leaves the log view, always as sanitised plain text.

Saving writes the whole buffer (not only what is on screen) to a new file and
returns its absolute path, so the notification can say exactly where it went.
The file is private (0600), appears only when complete, and holds each line's
raw text with escape sequences stripped and carriage returns kept as ``\r``.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from acitui.errors import InvalidInputError

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def default_filename(group: str, container: str, now: datetime | None = None) -> str:
    """``acitui-<group>-<container>-<YYYYmmdd-HHMMSS>.log`` with unsafe characters replaced."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    parts = [_UNSAFE.sub("_", p).strip("._") or "x" for p in (group, container)]
    return f"acitui-{parts[0]}-{parts[1]}-{stamp}.log"


def resolve_save_path(answer: str, default_name: str, cwd: Path) -> Path:
    """Where to save: the default name in ``cwd``, a typed path, or a directory plus the default."""
    answer = answer.strip()
    if not answer:
        return (cwd / default_name).resolve()
    path = Path(answer).expanduser()
    if not path.is_absolute():
        path = cwd / path
    if path.is_dir():
        path = path / default_name
    return path.resolve()


def write_log(path: Path, lines: Iterable[str]) -> int:
    """Write lines to a new file (never overwrite); return how many were written.

    The file is written 0600 to a temporary name in the same directory and
    linked into place only once complete, so a failure midway leaves nothing
    behind. Raises InvalidInputError when the file exists or cannot be written.
    """
    if path.exists():
        raise _exists(path)
    count = 0
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            for line in lines:
                handle.write(line)
                handle.write("\n")
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        _publish(tmp, path)
        tmp = None
    except FileExistsError:
        raise _exists(path) from None
    except OSError as exc:
        raise InvalidInputError(
            f"Cannot write {path}: {exc.strerror or exc}",
            hint="Choose a directory you can write to.",
        ) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return count


def _publish(tmp: str, path: Path) -> None:
    """Move the finished file into place without replacing one that appeared meanwhile."""
    try:
        os.link(tmp, path)  # fails with FileExistsError instead of overwriting
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: replace, after one more look
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def _exists(path: Path) -> InvalidInputError:
    return InvalidInputError(
        f"{path} already exists", hint="Type another file name, or remove that file first."
    )


def copy_text(selected: str | None, visible: Iterable[str]) -> str:
    """The selection if there is one, else the visible lines joined."""
    if selected:
        return selected
    return "\n".join(line.rstrip() for line in visible)
