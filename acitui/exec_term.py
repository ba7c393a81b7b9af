"""The terminal side of exec: raw mode, stdin → process, output → stdout, live resize.

Used by ``acitui exec`` and by the TUI's ``x`` (with the app suspended). With a TTY the
local terminal goes raw (every key goes to the remote shell, Ctrl-C included) and comes
back as it was, whatever happens; SIGWINCH resizes where the backend can. Without one
(a pipe), stdin is forwarded by a thread of its own and stdout/stderr stay apart.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import termios
import threading
import tty
from collections.abc import Coroutine, Iterator
from typing import Any, BinaryIO

from acitui.backends.base import STDERR, ExecSession

_READ = 64 * 1024


def terminal_size(fd: int) -> tuple[int, int]:
    """(rows, cols) of the terminal on ``fd``; 24×80 when it is not one."""
    try:
        size = os.get_terminal_size(fd)
    except OSError:
        return 24, 80
    return size.lines or 24, size.columns or 80


@contextlib.contextmanager
def raw_mode(fd: int) -> Iterator[None]:
    """The terminal on ``fd`` in raw mode, restored on the way out."""
    saved = termios.tcgetattr(fd)
    try:
        tty.setraw(fd, termios.TCSANOW)  # keep what was typed ahead (TCSAFLUSH drops it)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def fixed_size_note(rows: int, cols: int) -> str:
    """What the person is told when the remote terminal cannot follow theirs."""
    return (
        f"acitui: this terminal is fixed at {rows}×{cols} for the session: "
        "Azure Container Instances cannot resize an exec terminal.\n"
    )


async def pump(
    session: ExecSession,
    *,
    stdin_fd: int | None = None,
    stdout: BinaryIO | None = None,
    stderr: BinaryIO | None = None,
) -> int | None:
    """Connect the session to this process's terminal or pipes until it ends; its exit code."""
    stdin_fd = sys.stdin.fileno() if stdin_fd is None else stdin_fd
    out = stdout or sys.stdout.buffer
    err = stderr or sys.stderr.buffer
    loop = asyncio.get_running_loop()
    tasks: set[asyncio.Task[None]] = set()

    def spawn(coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coro)
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    async def copy_output() -> None:
        while True:
            stream, chunk = await session.read()
            if not chunk:
                return
            target = err if stream == STDERR else out
            target.write(chunk)
            target.flush()

    interactive = session.tty and os.isatty(stdin_fd)
    with contextlib.ExitStack() as stack:
        if interactive:
            stack.enter_context(raw_mode(stdin_fd))

            size = [terminal_size(stdin_fd)]

            def follow_size() -> None:
                now = terminal_size(stdin_fd)
                if now != size[0]:
                    size[0] = now
                    spawn(session.resize(*now))

            def on_input() -> None:
                try:
                    data = os.read(stdin_fd, _READ)
                except OSError:
                    data = b""
                if data:
                    if session.resizable:
                        follow_size()  # a resize not yet seen goes before the keys typed after it
                    spawn(session.write(data))
                else:
                    loop.remove_reader(stdin_fd)

            loop.add_reader(stdin_fd, on_input)
            stack.callback(loop.remove_reader, stdin_fd)
            if session.resizable:
                loop.add_signal_handler(signal.SIGWINCH, follow_size)
                stack.callback(loop.remove_signal_handler, signal.SIGWINCH)
        else:
            _forward_pipe(stdin_fd, session, loop)
        await copy_output()
    for task in list(tasks):
        task.cancel()
    return await session.exit_code()


def _forward_pipe(fd: int, session: ExecSession, loop: asyncio.AbstractEventLoop) -> None:
    """Copy a non-terminal stdin to the process from a daemon thread; EOF closes its input."""

    def run() -> None:
        while True:
            try:
                data = os.read(fd, _READ)
            except OSError:
                data = b""
            try:
                if data:
                    asyncio.run_coroutine_threadsafe(session.write(data), loop).result()
                else:
                    asyncio.run_coroutine_threadsafe(session.close_input(), loop).result()
                    return
            except (RuntimeError, asyncio.CancelledError, OSError):
                return  # the loop or the session ended first

    threading.Thread(target=run, name="acitui-exec-stdin", daemon=True).start()
