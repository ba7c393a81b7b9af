"""Exec on Docker: the engine's exec API over a hijacked socket, with a pty and live resize.

The socket is blocking: one reader thread of the session's own pushes output into
an asyncio queue (never the default executor, which Textual's workers share); writes,
resizes and the exit-code read run on a second thread of the session's own.
Without a TTY the engine multiplexes stdout and stderr in 8-byte-header frames.
"""

from __future__ import annotations

import asyncio
import os
import socket
import struct
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import docker.errors

from acitui.backends.base import STDERR, STDOUT
from acitui.errors import BackendError

#: No command: bash where the image has it, else sh.
SHELL = ["/bin/sh", "-c", "if [ -x /bin/bash ]; then exec /bin/bash; else exec /bin/sh; fi"]
_HEADER = struct.Struct(">BxxxI")
_CHUNK = 64 * 1024
#: After the output ends: how often and how long to ask for the exit code.
EXIT_POLLS, EXIT_POLL_SECONDS = 40, 0.05


def raw_socket(hijacked: Any) -> socket.socket:
    """The OS socket under docker-py's hijacked stream (``SocketIO`` wraps it)."""
    sock = getattr(hijacked, "_sock", hijacked)
    if not isinstance(sock, socket.socket):  # e.g. an SSH or named-pipe transport
        raise BackendError("Exec needs a socket connection to the Docker engine")
    return sock


class FrameSplitter:
    """Docker's multiplexed stream → (stream, payload) chunks, across reads."""

    def __init__(self) -> None:
        self._buf = b""

    def feed(self, data: bytes) -> list[tuple[int, bytes]]:
        self._buf += data
        out: list[tuple[int, bytes]] = []
        while len(self._buf) >= _HEADER.size:
            stream, size = _HEADER.unpack_from(self._buf)
            end = _HEADER.size + size
            if len(self._buf) < end:
                break
            out.append((STDERR if stream == 2 else STDOUT, self._buf[_HEADER.size : end]))
            self._buf = self._buf[end:]
        return out


class DockerExec:
    """One exec'd process (an :class:`~acitui.backends.base.ExecSession`)."""

    resizable = True

    def __init__(self, api: Any, exec_id: str, sock: socket.socket, tty: bool) -> None:
        self.tty = tty
        self._api = api
        self._id = exec_id
        self._sock = sock
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[tuple[int, bytes]] = asyncio.Queue()
        self._calls = ThreadPoolExecutor(1, thread_name_prefix="acitui-exec-io")
        self._ended = False
        self._closed = False
        self._reader = threading.Thread(target=self._pump, name="acitui-exec-read", daemon=True)
        self._reader.start()

    def _pump(self) -> None:
        splitter = None if self.tty else FrameSplitter()
        put = self._queue.put_nowait
        try:
            while True:
                data = self._sock.recv(_CHUNK)
                if not data:
                    break
                chunks = [(STDOUT, data)] if splitter is None else splitter.feed(data)
                for chunk in chunks:
                    self._loop.call_soon_threadsafe(put, chunk)
        except OSError:
            pass  # closed under us: the end
        finally:
            try:
                self._loop.call_soon_threadsafe(put, (STDOUT, b""))
            except RuntimeError:
                pass  # the loop is gone

    async def _run(self, fn: Callable[[], Any]) -> Any:
        return await self._loop.run_in_executor(self._calls, fn)

    async def read(self) -> tuple[int, bytes]:
        if self._ended:
            return STDOUT, b""
        chunk = await self._queue.get()
        if not chunk[1]:
            self._ended = True
        return chunk

    async def write(self, data: bytes) -> None:
        if data and not self._closed:
            try:
                await self._run(lambda: self._sock.sendall(data))
            except OSError:
                pass  # the process ended: its output says so

    async def close_input(self) -> None:
        try:
            await self._run(lambda: self._sock.shutdown(socket.SHUT_WR))
        except OSError:
            pass

    async def resize(self, rows: int, cols: int) -> None:
        if self.tty and not self._closed:
            await self._run(lambda: _resize(self._api, self._id, rows, cols))

    async def exit_code(self) -> int | None:
        def inspect() -> int | None:
            for _ in range(EXIT_POLLS):  # the engine may record the exit just after EOF
                try:
                    found = self._api.exec_inspect(self._id)
                except (docker.errors.DockerException, OSError):
                    return None
                code = found.get("ExitCode")
                if not found.get("Running") and isinstance(code, int):
                    return code
                time.sleep(EXIT_POLL_SECONDS)
            return None

        return await self._run(inspect)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()
        await self._run(lambda: self._reader.join(5))
        self._calls.shutdown(wait=False)
        self._api.close()


def _resize(api: Any, exec_id: str, rows: int, cols: int) -> None:
    try:
        api.exec_resize(exec_id, height=rows, width=cols)
    except (docker.errors.DockerException, OSError):
        pass  # the process ended between the signal and the call


def start_exec(
    api: Any, cid: str, command: Sequence[str] | None, tty: bool, size: tuple[int, int]
) -> tuple[str, socket.socket]:
    """Create and start the exec (blocking): its id and its socket."""
    env = [f"TERM={os.environ.get('TERM') or 'xterm'}"] if tty else None
    created = api.exec_create(
        cid, list(command) if command else SHELL, stdin=True, tty=tty, environment=env
    )
    exec_id = created["Id"]
    sock = raw_socket(api.exec_start(exec_id, tty=tty, socket=True))
    sock.settimeout(None)  # the client's request timeout must not end an idle shell
    if tty:
        _resize(api, exec_id, *size)
    return exec_id, sock
