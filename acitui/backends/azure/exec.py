"""Exec on ACI: ``execute_command`` hands out a websocket; the password is its first frame.

ACI runs one process, named by ``command``, with no arguments, in a terminal whose size
is fixed when the POST is made (it never resizes). So a shell is started (``/bin/bash``,
then ``/bin/sh``; ``cmd.exe`` on Windows) and a command with arguments is *typed into
it*, followed by ``exit`` once the prompt comes back. Without a TTY the session strips
the echo and the prompts, so only the command's output is left. ACI reports no exit code.
"""

from __future__ import annotations

import asyncio
import shlex
import ssl
import subprocess
from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from acitui.backends.base import STDOUT
from acitui.errors import NotFoundError, UnavailableError
from acitui.sanitize import sanitize

LINUX_SHELLS = ("/bin/bash", "/bin/sh")
WINDOWS_SHELLS = ("cmd.exe",)
#: Seconds to open the websocket and to see the shell's first output.
CONNECT_SECONDS = 15.0
#: After the first output: how long a quiet socket means the prompt is complete.
SETTLE_SECONDS = 0.3
EXEC_PORT = 19390
_MISSING = "executable file not found"

#: POST execute_command: (shell, rows, cols) → (webSocketUri, password).
Opener = Callable[[str, int, int], Awaitable[tuple[str, str]]]


def command_line(command: Sequence[str], windows: bool) -> str:
    """The words as one line the container's shell parses back into the same words."""
    return subprocess.list2cmdline(list(command)) if windows else shlex.join(command)


def _port_blocked(uri: str, why: str) -> UnavailableError:
    parts = urlsplit(uri)
    port = parts.port or EXEC_PORT
    return UnavailableError(
        f"Could not open the exec connection to {sanitize(parts.hostname or '?')}:{port} ({why})",
        hint=f"Outbound TCP port {port} is probably blocked by a firewall or proxy; "
        "exec needs it (az container exec does too)",
    )


class AzureExec:
    """One ACI exec session (an :class:`~acitui.backends.base.ExecSession`)."""

    resizable = False

    def __init__(
        self,
        http: aiohttp.ClientSession,
        ws: aiohttp.ClientWebSocketResponse,
        first: str,
        command: str | None,
        tty: bool,
    ) -> None:
        self.tty = tty
        self._http = http
        self._ws = ws
        self._pending = first
        self._prompt = first.rsplit("\n", 1)[-1]  # what the shell shows when it waits
        self._command = command
        self._phase = "shell" if command is None else "typed"
        self._seen = ""  # output since the command was typed (prompt detection)
        self._body = ""  # scripted output not yet given out
        self._ended = False
        self._echoed = False  # the typed line's echo has been dropped (scripted mode)

    @classmethod
    async def start(
        cls, http: aiohttp.ClientSession, ws: Any, command: str | None, tty: bool
    ) -> AzureExec | None:
        """Wait for the shell's first output; None when the shell does not exist there."""
        first = await _first_output(ws)
        if first is None or (_MISSING in first and ws.closed):
            return None
        session = cls(http, ws, first, command, tty)
        if command is not None:
            await ws.send_str(command + "\r")
            if not tty:
                session._pending = ""  # the prompt is not the command's output
        return session

    async def _frame(self) -> str | None:
        if self._ws.closed:
            return None
        msg = await self._ws.receive()
        if msg.type == aiohttp.WSMsgType.TEXT:
            return str(msg.data)
        if msg.type == aiohttp.WSMsgType.BINARY:
            return bytes(msg.data).decode("utf-8", "replace")
        return None

    async def read(self) -> tuple[int, bytes]:
        while not self._ended:
            if self._pending:
                text, self._pending = self._pending, ""
            else:
                got = await self._frame()
                if got is None:
                    self._ended = True
                    rest, self._body = self._body, ""
                    return (STDOUT, rest.encode()) if rest else (STDOUT, b"")
                text = got
            out = await self._filter(text)
            if out:
                return STDOUT, out.encode()
        return STDOUT, b""

    async def _filter(self, text: str) -> str:
        """Pass output through; after a typed command, exit when the prompt returns."""
        if self._phase in ("shell", "done"):
            return text if self.tty or self._phase == "shell" else ""
        self._seen = (self._seen + text)[-4096:]
        back = bool(self._prompt) and self._seen.endswith(self._prompt) and "\n" in self._seen
        if back:
            self._phase = "done"
            await self._ws.send_str("exit\r")
        if self.tty:
            return text
        return self._scripted(text, back)

    def _scripted(self, text: str, back: bool) -> str:
        """Only the command's output: no echo of the typed line, no prompt, LF line ends."""
        self._body += text
        if not self._echoed:
            if "\n" not in self._body:
                return ""
            self._body = self._body.split("\n", 1)[1]
            self._echoed = True
        if back:
            out, self._body = self._body[: len(self._body) - len(self._prompt)], ""
            return out.replace("\r\n", "\n")
        keep = len(self._prompt) + 1  # may be the start of the prompt, or a lone CR
        out, self._body = self._body[:-keep], self._body[-keep:]
        return out.replace("\r\n", "\n")

    async def write(self, data: bytes) -> None:
        if not data or self._ws.closed or (self._command is not None and not self.tty):
            return  # a typed command's session takes no input: it would land in the shell
        text = data.decode("utf-8", "replace")
        await self._ws.send_str(text if self.tty else text.replace("\n", "\r"))

    async def close_input(self) -> None:
        """A piped script ended: Enter for a last unterminated line, then Ctrl-D (EOF)."""
        if self._command is None and not self.tty and not self._ws.closed:
            await self._ws.send_str("\r\x04")

    async def resize(self, rows: int, cols: int) -> None:
        return None  # ACI fixes the size at start

    async def exit_code(self) -> int | None:
        return None  # ACI does not report it

    async def close(self) -> None:
        await self._ws.close()
        await self._http.close()


async def _first_output(ws: Any) -> str | None:
    """The shell's greeting and prompt: frames until the socket is quiet for a moment."""
    try:
        msg = await ws.receive(timeout=CONNECT_SECONDS)
    except TimeoutError:
        return None
    if msg.type not in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
        return None
    text = msg.data if isinstance(msg.data, str) else msg.data.decode("utf-8", "replace")
    while True:
        try:
            more = await ws.receive(timeout=SETTLE_SECONDS)
        except TimeoutError:
            return str(text)
        if more.type == aiohttp.WSMsgType.TEXT:
            text += more.data
        elif more.type == aiohttp.WSMsgType.BINARY:
            text += more.data.decode("utf-8", "replace")
        else:
            return str(text)


async def open_aci_exec(
    post: Opener,
    verify: str | None,
    command: Sequence[str] | None,
    *,
    windows: bool,
    tty: bool,
    size: tuple[int, int],
) -> AzureExec:
    """Start a shell (the first the image has), then type ``command`` into it."""
    context = ssl.create_default_context(cafile=verify) if verify else ssl.create_default_context()
    line = command_line(command, windows) if command else None
    tried = []
    for shell in WINDOWS_SHELLS if windows else LINUX_SHELLS:
        tried.append(shell)
        uri, password = await post(shell, *size)
        http = aiohttp.ClientSession(trust_env=True)
        try:
            try:
                ws = await asyncio.wait_for(
                    http.ws_connect(uri, ssl=context, max_msg_size=4 * 1024 * 1024),
                    CONNECT_SECONDS,
                )
            except TimeoutError:
                raise _port_blocked(uri, f"no answer in {CONNECT_SECONDS:.0f} s") from None
            except aiohttp.ClientError as exc:
                raise _port_blocked(uri, type(exc).__name__) from None
            await ws.send_str(password)
            session = await AzureExec.start(http, ws, line, tty)
        except BaseException:
            await http.close()
            raise
        if session is not None:
            return session
        await ws.close()
        await http.close()
    raise NotFoundError(
        f"No shell in the container (tried {', '.join(tried)})",
        hint="ACI exec can only start a program the image has",
    )
