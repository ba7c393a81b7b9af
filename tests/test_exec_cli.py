"""`acitui exec` headless: piped commands with exit codes, and a shell in a real pty."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from acitui.backends.docker.grouping import LABEL_CONTAINER, LABEL_GROUP, LABEL_RG
from acitui.model import GroupRef
from tests.backends.fleet_docker import IDLE, remove_labelled, run
from tests.docker_image import engine_client

ROOT = Path(__file__).resolve().parents[1]
DEMO = ["--demo", "exec", "shop-prod/storefront", "-c", "web"]


def acitui(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI with stdin and stdout as pipes (no terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "acitui", *args],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


class Pty:
    """The CLI on a pseudo-terminal: type, wait for text, get the exit status."""

    def __init__(self, *args: str) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(ROOT)
            env = {**os.environ, "TERM": "xterm", "PYTHONPATH": str(ROOT)}
            os.execve(sys.executable, [sys.executable, "-m", "acitui", *args], env)
        self.out = b""

    def expect(self, text: bytes, timeout: float = 60) -> bytes:
        """Read until ``text`` arrived; everything read so far."""
        return self.expect_re(re.escape(text), timeout)

    def expect_any(self, text: bytes, timeout: float) -> bytes:
        """Read until ``text`` arrived or ``timeout`` passed; what arrived meanwhile."""
        start = len(self.out)
        try:
            self.expect(text, timeout)
        except AssertionError:
            pass
        return self.out[start:]

    def expect_re(self, pattern: bytes, timeout: float = 60) -> bytes:
        """Read until the regular expression ``pattern`` matches; everything read so far."""
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.out) and time.monotonic() < deadline:
            if select.select([self.fd], [], [], 0.2)[0]:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.out += chunk
        assert re.search(pattern, self.out), self.out[-800:]
        return self.out

    def type(self, text: bytes) -> None:
        os.write(self.fd, text)

    def wait(self) -> int:
        """The exit code (reading the pty meanwhile, so the child never blocks on it)."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            if select.select([self.fd], [], [], 0.2)[0]:
                try:
                    self.out += os.read(self.fd, 65536)
                except OSError:
                    pass
        os.kill(self.pid, 9)
        raise AssertionError(f"still running: {self.out[-800:]!r}")

    def close(self) -> None:
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


@pytest.fixture(scope="module")
def docker_ref() -> Iterator[GroupRef]:
    api = engine_client()
    sid = uuid.uuid4().hex[:6]
    ref = GroupRef(f"acitui-exc-{sid}", "g")
    labels = {LABEL_RG: ref.resource_group, LABEL_GROUP: ref.name, LABEL_CONTAINER: "app"}
    try:
        run(api, f"acitui-exc-{sid}-app", IDLE, labels=labels)
        yield ref
    finally:
        remove_labelled(api, LABEL_RG, ref.resource_group)
        api.close()


def test_docker_command_prints_listing_and_exit_code(docker_ref: GroupRef) -> None:
    """`acitui exec g -- sh -c 'ls -la /; exit 3'` on Docker: the listing, stderr apart, code 3."""
    done = acitui("exec", str(docker_ref), "--", "sh", "-c", "ls -la /; echo oops >&2; exit 3")
    assert done.returncode == 3, done.stderr
    assert done.stdout.startswith("total ") and " proc\n" in done.stdout
    assert done.stderr == "oops\n"


@pytest.mark.azure
def test_emulator_command_prints_listing() -> None:
    """`acitui --demo exec g -- ls -la /`: the listing alone, no prompt or echo; exit 0."""
    done = acitui(*DEMO, "--", "ls", "-la", "/")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("total ") and lines[-1].split()[-1] == "var"
    assert "# " not in done.stdout and not done.stderr


@pytest.mark.azure
def test_bad_exec_input_is_one_line() -> None:
    """Nothing after --, an unknown container and read-only each end in one line and a code."""
    assert acitui(*DEMO, "--").returncode == 2
    missing = acitui("--demo", "exec", "shop-prod/storefront", "-c", "nope", "--", "ls")
    assert missing.returncode == 3 and "web, log-shipper" in missing.stderr
    refused = acitui("--demo", "--read-only", "exec", "shop-prod/storefront", "--", "ls")
    assert refused.returncode == 7 and len(refused.stderr.splitlines()) == 1


def test_docker_shell_in_a_pty(docker_ref: GroupRef) -> None:
    """In a pty: a real shell that follows a resize; `echo hi; exit 4` exits 4; tty restored."""
    term = Pty("exec", str(docker_ref))
    try:
        term.expect(b"# ")
        fcntl.ioctl(term.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 41, 131, 0, 0))  # SIGWINCH
        term.type(b"stty size\r")
        term.expect(b"41 131")  # the remote pty followed the local terminal
        term.type(b"echo h''i; exit 4\r")
        assert b"\nhi\r\n" in term.expect(b"\nhi\r\n")
        assert term.wait() == 4
        local_flags = termios.tcgetattr(term.fd)[3]
        assert local_flags & termios.ICANON and local_flags & termios.ECHO  # raw mode undone
    finally:
        term.close()


@pytest.mark.azure
def test_emulator_shell_in_a_pty() -> None:
    """In a pty on the demo: a note that ACI cannot resize, a shell, `echo hi` answers hi."""
    term = Pty(*DEMO)
    try:
        term.expect(b"cannot resize")
        term.expect(b"# ")
        term.type(b"echo h''i\r")
        term.expect(b"\r\nhi\r\n")
        term.type(b"exit\r")
        assert term.wait() == 0
    finally:
        term.close()
