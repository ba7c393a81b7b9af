"""The TUI in a real pseudo-terminal: send keys, wait for text, collect every byte it draws.

``walk(env, rg)`` runs ``acitui --read-only`` with ``env`` and opens every view of the first
group; ``found(bytes)`` counts the escape sequences data could smuggle in (compare a hostile
walk with a clean one: the difference is what came from the data, not Textual's drawing).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: (key to press, text that shows the view opened). The first entry waits for the list.
WALK = [
    ("", "{rg}"),
    ("d", "Resource group:"),
    ("escape", ""),
    ("e", "Last seen"),
    ("escape", ""),
    ("v", "MODE|PLAIN"),
    ("M", ""),
    ("escape", ""),
    ("y", "YAML|JSON|resource_group"),  # a long name can push the word out of the title
    ("escape", ""),
    ("l", "line two|world"),  # the last log line of either fleet
    ("escape", ""),
    ("X", "Read-only|read-only|Stop"),
    ("escape", ""),
    ("enter", "Containers|Events"),
    ("escape", ""),
]
#: Escape as the kitty keyboard protocol sends it (the app asks for it with CSI > 25 u): a bare
#: ESC followed by the next key before the app's input thread read it (a loaded machine) is
#: parsed as alt+key, and that view never opens.
KEYS = {"escape": b"\x1b[27u", "enter": b"\r", "down": b"\x1b[B", "ctrl+d": b"\x04", "": b""}
#: Sequences the data could smuggle in; none may appear beyond what the clean walk shows.
DANGEROUS = {
    "OSC 52 clipboard write": "\x1b\\]52",
    "OSC 0/2 title": "\x1b\\][012];",
    # raw 8-bit bytes decode to surrogates; UTF-8-encoded C1 to the code points themselves
    "8-bit OSC/CSI/DCS/APC": "[\x90\x9b\x9d\x9e\x9f\udc90\udc9b\udc9d\udc9e\udc9f]",
    "DCS": "\x1bP",
    "APC": "\x1b_",
    "erase display": "\x1b\\[2J",
    "cursor position query": "\x1b\\[6n",
}


class Terminal:
    """The app in a pseudo-terminal: send keys, wait for text, collect every byte."""

    def __init__(self, env: dict[str, str], *, read_only: bool = True) -> None:
        argv = [sys.executable, "-m", "acitui", *(["--read-only"] if read_only else [])]
        full = {**os.environ, **env, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
        full.pop("TEXTUAL", None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child: become the app
            os.chdir(ROOT)
            os.execve(sys.executable, argv, full)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        self.out = bytearray()
        self.status: str | None = None

    def _read(self, until: float) -> None:
        while time.monotonic() < until:
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.out += chunk
            elif self.exited():
                return

    def expect(self, pattern: str, timeout: float = 30.0) -> bool:
        """Read until ``pattern`` (a regex) shows in what arrived since ``start``."""
        start = len(self.out)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self.exited():
            if re.search(pattern.encode(), bytes(self.out[start:])):
                return True
            self._read(min(deadline, time.monotonic() + 0.2))
        return bool(re.search(pattern.encode(), bytes(self.out[start:])))

    def press(self, key: str) -> None:
        os.write(self.fd, KEYS.get(key, key.encode()))

    def drain(self, seconds: float) -> None:
        """Read what the app draws in the next ``seconds`` (a repaint after a key)."""
        self._read(time.monotonic() + seconds)

    def exited(self) -> bool:
        if self.status is None and os.waitpid(self.pid, os.WNOHANG)[0] != 0:
            self.status = "exited"
        return self.status is not None

    def close(self) -> None:
        if not self.exited():
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def walk(
    env: dict[str, str], rg: str, steps: list[tuple[str, str]] = WALK, *, read_only: bool = True
) -> tuple[bytes, list[str], bool]:
    """(bytes received, views that never showed, app alive at the end); ``rg`` shows first."""
    missing: list[str] = []
    term = Terminal(env, read_only=read_only)
    try:
        for key, shows in steps:
            term.press(key)
            if shows and not term.expect(shows.format(rg=re.escape(rg))):
                missing.append(f"{key or 'start'} → {shows}")
            term.drain(0.3)
        alive = not term.exited()
    finally:
        term.close()
    return bytes(term.out), missing, alive


def found(output: bytes) -> dict[str, int]:
    text = output.decode("utf-8", "surrogateescape")
    return {name: len(re.findall(rx, text)) for name, rx in DANGEROUS.items()}


def assert_no_escape_from_the_data(
    clean: tuple[bytes, list[str], bool], hostile: tuple[bytes, list[str], bool]
) -> None:
    """Both walks opened every view and survived; the hostile one sent nothing dangerous more."""
    clean_out, clean_missing, clean_alive = clean
    out, missing, alive = hostile
    died = [out_ for out_, ok in ((clean_out, clean_alive), (out, alive)) if not ok]
    assert not died, f"the app died during the walk; its last output: {died[0][-1500:]!r}"
    assert not clean_missing and not missing, f"views never shown: {clean_missing}, {missing}"
    assert not re.search(rb"(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*PWNED", out), "a payload ran as OSC"
    baseline = found(clean_out)
    extra = {name: n for name, n in found(out).items() if n > baseline[name]}
    assert not extra, f"escape sequences beyond Textual's own: {extra} (clean walk: {baseline})"
    assert b"\\x1b]52" in out, "the hostile name was not shown (escaped) at all"
