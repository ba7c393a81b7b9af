"""The TUI in a real terminal, --read-only, walked over the hostile fleet: the bytes it receives.

The same walk runs over a harmless fleet; the hostile walk may send no escape the clean one
does not (Textual's own drawing), and never a clipboard write, a title change, a DCS/APC, a
clear screen or a cursor-position query from the data. The app is still running at the end.
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

import pytest

from tests.hostile_fleet import CLEAN_RG, RG, azure_env, hostile_emulator

pytestmark = pytest.mark.azure

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
    ("y", "YAML|JSON"),
    ("escape", ""),
    ("l", "line two|world"),  # the last log line of either fleet
    ("escape", ""),
    ("X", "Read-only|read-only|Stop"),
    ("escape", ""),
    ("enter", "Containers|Events"),
    ("escape", ""),
]
KEYS = {"escape": b"\x1b", "enter": b"\r", "": b""}
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

    def __init__(self, env: dict[str, str]) -> None:
        argv = [sys.executable, "-m", "acitui", "--read-only"]
        full = {**os.environ, **env, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
        full.pop("TEXTUAL", None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child: become the app
            os.chdir(ROOT)
            os.execve(sys.executable, argv, full)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        self.out = bytearray()

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
        return os.waitpid(self.pid, os.WNOHANG)[0] != 0

    def close(self) -> None:
        if not self.exited():
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def _walk(clean: bool) -> tuple[bytes, list[str], bool]:
    """(bytes received, views that never showed, app alive at the end)."""
    missing: list[str] = []
    with hostile_emulator(clean=clean) as emu:
        term = Terminal(azure_env(emu))
        try:
            for key, shows in WALK:
                term.press(key)
                if shows and not term.expect(shows.format(rg=CLEAN_RG if clean else RG)):
                    missing.append(f"{key or 'start'} → {shows}")
                term.drain(0.3)
            alive = not term.exited()
        finally:
            term.close()
    return bytes(term.out), missing, alive


def _found(output: bytes) -> dict[str, int]:
    text = output.decode("utf-8", "surrogateescape")
    return {name: len(re.findall(rx, text)) for name, rx in DANGEROUS.items()}


def test_read_only_tui_over_hostile_fleet_sends_no_escape_from_the_data() -> None:
    """Opening every view of a hostile group never sets the title, writes the clipboard or
    clears the screen, and the app keeps running."""
    clean_out, clean_missing, clean_alive = _walk(clean=True)
    out, missing, alive = _walk(clean=False)
    assert clean_alive and alive, "the app died during the walk"
    assert not clean_missing and not missing, f"views never shown: {clean_missing}, {missing}"
    assert not re.search(rb"(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*PWNED", out), "a payload ran as OSC"
    baseline = _found(clean_out)
    hostile = _found(out)
    extra = {name: n for name, n in hostile.items() if n > baseline[name]}
    assert not extra, f"escape sequences beyond Textual's own: {extra} (clean walk: {baseline})"
    assert b"\\x1b]52" in out, "the hostile name was not shown (escaped) at all"
