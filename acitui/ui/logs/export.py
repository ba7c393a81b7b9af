"""Copy and save: what leaves the log view, always as sanitised plain text.

Saving writes the whole buffer (not only what is on screen) to a new file and
returns its absolute path, so the notification can say exactly where it went.
"""

from __future__ import annotations

import re
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

    Raises InvalidInputError when the file exists or cannot be written.
    """
    count = 0
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            for line in lines:
                handle.write(line)
                handle.write("\n")
                count += 1
    except FileExistsError:
        raise InvalidInputError(
            f"{path} already exists", hint="Type another file name, or remove that file first."
        ) from None
    except OSError as exc:
        raise InvalidInputError(
            f"Cannot write {path}: {exc.strerror or exc}",
            hint="Choose a directory you can write to.",
        ) from None
    return count


def copy_text(selected: str | None, visible: Iterable[str]) -> str:
    """The selection if there is one, else the visible lines joined."""
    if selected:
        return selected
    return "\n".join(line.rstrip() for line in visible)
