"""Exec and attach as ACI does them: a POST hands out a websocket URI and a password.

- ``POST .../containers/{c}/exec`` with ``{"command", "terminalSize": {"rows", "cols"}}``
  answers ``{"webSocketUri": "wss://<emulator>/exec/<id>?rows=&cols=", "password"}``.
  The client sends the password as the first text frame, then raw input; the emulator
  answers with text frames (see ``exec_shell``) and closes when the process ends. The
  terminal size is fixed at the POST: nothing on the socket resizes it.
- ``POST .../containers/{c}/attach`` answers the same shape; the password goes in the
  ``Authorization`` header of the websocket request, and the socket carries the
  container's output (its log so far, then new lines) until the container stops.

A URI is good for one connection. A wrong password closes the socket (exec, code 1008)
or refuses the upgrade (attach, 401).
"""

from __future__ import annotations

import asyncio
import functools
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiohttp import WSMsgType, web

from acitui.emulator.exec_fs import hostname_for
from acitui.emulator.exec_shell import Shell
from acitui.emulator.limits import same_secret
from acitui.emulator.payloads import ArmError, BadRequest
from acitui.emulator.store import Store

#: Sessions handed out but not yet connected; the oldest is dropped past this.
MAX_PENDING = 64
#: How long a connected exec client has to send its password.
PASSWORD_TIMEOUT = 30.0
#: Longest command accepted (a program path; ACI takes no arguments anyway).
MAX_COMMAND = 4096
#: How often attach looks for new output.
ATTACH_POLL = 0.2


@dataclass
class Session:
    kind: str  # "exec" or "attach"
    password: str
    rg: str
    group: str
    container: str
    command: str = ""
    size: tuple[int, int] = (24, 80)
    spec: dict[str, Any] | None = None
    when: datetime | None = None


class Sessions:
    """Pending websocket sessions by id, each taken at most once."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, session: Session) -> str:
        sid = secrets.token_hex(16)
        with self._lock:
            self._items[sid] = session
            while len(self._items) > MAX_PENDING:
                self._items.popitem(last=False)
        return sid

    def take(self, sid: str, kind: str) -> Session | None:
        with self._lock:
            session = self._items.get(sid)
            if session is None or session.kind != kind:
                return None
            return self._items.pop(sid)


def _size(body: dict[str, Any]) -> tuple[int, int]:
    size = body.get("terminalSize")
    if size is None:
        return 24, 80
    if not isinstance(size, dict):
        raise BadRequest("InvalidRequestContent", "terminalSize must be {'rows': n, 'cols': n}.")
    out = []
    for key, default in (("rows", 24), ("cols", 80)):
        value = size.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
            raise BadRequest(
                "InvalidRequestContent", f"terminalSize.{key} must be an integer from 1 to 1000."
            )
        out.append(value)
    return out[0], out[1]


def _running_spec(store: Store, p: dict[str, str]) -> dict[str, Any]:
    spec = store.container_spec(p["rg"], p["name"], p["container"])
    if spec["stopped"] or spec["state"] != "Running":
        raise ArmError(
            409,
            "ContainerNotRunning",
            f"Container '{p['container']}' in container group '{p['name']}' is not running "
            f"(state {'Stopped' if spec['stopped'] else spec['state']}); start it first.",
        )
    return spec


def open_exec(
    store: Store, sessions: Sessions, request: web.Request, p: dict[str, str], body: Any
) -> dict[str, str]:
    """Validate an exec request and hand out its websocket URI and password."""
    if not isinstance(body, dict):
        raise BadRequest("InvalidRequestContent", "The exec request must be a JSON object.")
    command = body.get("command")
    if not isinstance(command, str) or not command.strip():
        raise BadRequest("InvalidRequestContent", "The exec request needs a 'command' string.")
    if len(command) > MAX_COMMAND:
        raise BadRequest("InvalidRequestContent", f"The command is longer than {MAX_COMMAND}.")
    rows, cols = _size(body)
    spec = _running_spec(store, p)
    password = secrets.token_urlsafe(24)
    session = Session(
        "exec", password, p["rg"], p["name"], p["container"], command, (rows, cols), spec
    )
    session.when = store.clock.now()
    sid = sessions.add(session)
    uri = f"wss://{request.host}/exec/{sid}?rows={rows}&cols={cols}"
    return {"webSocketUri": uri, "password": password}


def open_attach(
    store: Store, sessions: Sessions, request: web.Request, p: dict[str, str]
) -> dict[str, str]:
    """Hand out an attach websocket URI and the password for its Authorization header."""
    _running_spec(store, p)
    password = secrets.token_urlsafe(24)
    sid = sessions.add(Session("attach", password, p["rg"], p["name"], p["container"]))
    return {"webSocketUri": f"wss://{request.host}/attach/{sid}", "password": password}


async def _password_ok(ws: web.WebSocketResponse, session: Session) -> bool:
    """Wait for the first frame; close the socket (1008) unless it is the password."""
    try:
        first = await asyncio.wait_for(ws.receive(), PASSWORD_TIMEOUT)
    except TimeoutError:
        await ws.close(code=1008, message=b"no password")
        return False
    if first.type != WSMsgType.TEXT or not same_secret(first.data, session.password):
        await ws.close(code=1008, message=b"authentication failed")
        return False
    return True


async def _converse(ws: web.WebSocketResponse, shell: Shell) -> None:
    """Feed the client's frames to the shell and send its answers until it exits."""
    out, done = shell.start()
    if out:
        await ws.send_str(out)
    while not done:
        msg = await ws.receive()
        if msg.type == WSMsgType.TEXT:
            out, done = shell.feed(msg.data)
        elif msg.type == WSMsgType.BINARY:
            out, done = shell.feed(msg.data.decode("utf-8", "replace"))
        else:
            break
        if out:
            await ws.send_str(out)


async def exec_socket(store: Store, sessions: Sessions, request: web.Request) -> web.StreamResponse:
    """``GET /exec/{sid}``: the password as first frame, then a shell over text frames."""
    session = sessions.take(request.match_info["sid"], "exec")
    if session is None or session.spec is None:
        return web.Response(status=404, text="Unknown or used exec session.")
    ws = web.WebSocketResponse(max_msg_size=1024 * 1024)
    await ws.prepare(request)
    if not await _password_ok(ws, session):
        return ws
    spec = session.spec
    shell = Shell(
        session.command,
        spec["group"],
        spec["container"],
        hostname_for(spec["key"]),
        session.size,
        session.when or store.clock.now(),
    )
    await _converse(ws, shell)
    await ws.close()
    return ws


async def _follow_output(ws: web.WebSocketResponse, store: Store, session: Session) -> None:
    """Send the container's log so far, then new output, until it stops or the client goes."""
    reader = asyncio.ensure_future(ws.receive())
    sent = ""
    try:
        while True:
            try:
                content = store.logs(session.rg, session.group, session.container, None, False)
                state = store.container_spec(session.rg, session.group, session.container)
            except ArmError:
                break  # the group was deleted
            new = content[len(sent) :] if content.startswith(sent) else content
            if new:
                await ws.send_str(new.replace("\n", "\r\n"))
            sent = content
            if state["stopped"] or state["state"] == "Terminated":
                break
            done, _ = await asyncio.wait({reader}, timeout=ATTACH_POLL)
            if not done:
                continue
            if reader.result().type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                break
            reader = asyncio.ensure_future(ws.receive())  # attach is output only
    finally:
        reader.cancel()


async def attach_socket(
    store: Store, sessions: Sessions, request: web.Request
) -> web.StreamResponse:
    """``GET /attach/{sid}``: the password in ``Authorization``, then the container's output."""
    session = sessions.take(request.match_info["sid"], "attach")
    if session is None:
        return web.Response(status=404, text="Unknown or used attach session.")
    if not same_secret(request.headers.get("Authorization", ""), session.password):
        return web.Response(status=401, text="The attach password is missing or wrong.")
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    await _follow_output(ws, store, session)
    await ws.close()
    return ws


def register(app: web.Application, store: Store, sessions: Sessions) -> None:
    """Add the websocket routes (before the ARM catch-all: no bearer token on these)."""
    app.router.add_get("/exec/{sid}", functools.partial(exec_socket, store, sessions))
    app.router.add_get("/attach/{sid}", functools.partial(attach_socket, store, sessions))
