"""The only honest check: the bytes a real terminal receives from the log screen."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time
from pathlib import Path

from tests.ui.logs.pty_app import CLEAN

ROOT = Path(__file__).resolve().parents[3]


def _run_in_pty(timeout: float = 30.0) -> bytes:
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    env.pop("TEXTUAL", None)
    argv = [sys.executable, "-m", "tests.ui.logs.pty_app"]
    pid, fd = pty.fork()
    if pid == 0:  # child: become the app (everything it needs was prepared before the fork)
        os.chdir(ROOT)
        os.execve(sys.executable, argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
    out = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    break
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
    finally:
        if not os.waitpid(pid, os.WNOHANG)[0]:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
    return bytes(out)


def test_hostile_log_line_sends_no_escape_sequence_to_the_terminal() -> None:
    """A line carrying OSC 52, OSC 0, CSI 2J, CSI 6n and DCS reaches the terminal as text only."""
    output = _run_in_pty()
    assert CLEAN.encode() in output, "the cleaned line was never drawn"
    assert b"\x1b]52" not in output
    assert b"PWNED" not in output
    assert b"\x9d" not in output
    assert b"\x1b[6n" not in output
    assert b"\x1bP" not in output
    for before in (b"CCC", b"AAA", b"BBB", b"DDD", b"EEE", b"FFF"):
        index = output.find(before)
        assert index >= 0
        assert not output[index + 3 : index + 4] == b"\x1b", f"escape right after {before!r}"
    assert b"\x1b[2J" not in output.split(CLEAN.encode())[0][-200:]
