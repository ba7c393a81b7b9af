"""Exec and attach end to end: the real SDK's execute_command, then a real websocket client."""

from __future__ import annotations

import asyncio
import base64
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from urllib.parse import urlsplit

import aiohttp
import pytest
from azure.core.exceptions import HttpResponseError

from acitui.emulator import Emulator
from acitui.emulator.exec_shell import Shell
from tests.emulator.conftest import group_body, make_client

pytestmark = pytest.mark.azure


class Terminal:
    """What a raw-mode terminal would show, read from the socket until some text appears."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.screen = ""

    async def until(self, text: str) -> str:
        """Read frames until ``text`` has arrived; returns everything since the last call."""
        start = len(self.screen)
        while text not in self.screen[start:]:
            msg = await self.ws.receive(timeout=10)
            if msg.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"socket ended before {text!r}: {self.screen[start:]!r}")
            self.screen += msg.data
        return self.screen[start:]

    async def run(self, line: str, prompt: str = "/ # ") -> str:
        """Type a line and Enter; the command's output (without the echo and the prompt)."""
        await self.ws.send_str(line + "\r")
        shown = await self.until(prompt)
        echo, _, rest = shown.partition("\r\n")
        assert echo == line  # the pty echoes what was typed
        return rest.removesuffix(prompt)

    async def rest(self) -> str:
        """Everything until the server closes the socket."""
        start = len(self.screen)
        while True:
            msg = await self.ws.receive(timeout=10)
            if msg.type != aiohttp.WSMsgType.TEXT:
                return self.screen[start:]
            self.screen += msg.data


@asynccontextmanager
async def websocket(
    emu: Emulator, uri: str, headers: dict[str, str] | None = None
) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
    context = ssl.create_default_context(cafile=emu.ca_file)
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(uri, ssl=context, headers=headers) as ws:
            yield ws


@asynccontextmanager
async def shell(
    emu: Emulator, client, command: str = "/bin/sh", container: str = "app", group: str = "g"
) -> AsyncIterator[Terminal]:
    """execute_command through the SDK, connect, send the password as the first frame."""
    answer = await client.containers.execute_command(
        "rg", group, container, {"command": command, "terminalSize": {"rows": 30, "cols": 100}}
    )
    async with websocket(emu, answer.web_socket_uri) as ws:
        await ws.send_str(answer.password)
        yield Terminal(ws)


def secret_group(image: str = "busybox:1.36") -> dict:
    body = group_body(("app", "sidecar"))
    app = body["properties"]["containers"][0]["properties"]
    app["image"] = image
    app["environmentVariables"] = [
        {"name": "MODE", "value": "prod"},
        {"name": "DB_PASSWORD", "secureValue": "s3cret"},
    ]
    app["volumeMounts"] = [{"name": "creds", "mountPath": "/mnt/creds"}]
    body["properties"]["volumes"] = [
        {"name": "creds", "secret": {"token": base64.b64encode(b"hunter2\n").decode()}}
    ]
    return body


async def test_execute_command_hands_out_wss_uri_and_password(emu: Emulator, client) -> None:
    """execute_command answers a wss URI on the emulator's own TLS port and a password."""
    emu.put_group("rg", "g", group_body())
    answer = await client.containers.execute_command(
        "rg", "g", "app", {"command": "/bin/sh", "terminalSize": {"rows": 24, "cols": 80}}
    )
    uri = urlsplit(answer.web_socket_uri)
    assert (uri.scheme, uri.port) == ("wss", emu.port)
    assert answer.password and answer.password not in answer.web_socket_uri


async def test_shell_session_answers_like_a_container(emu: Emulator, client) -> None:
    """A /bin/sh session: echo, env with secure values, ls -la /, cat a secret, stty, exit."""
    emu.put_group("rg", "g", secret_group())
    async with shell(emu, client) as term:
        await term.until("/ # ")
        assert await term.run("echo hello   world") == "hello world\r\n"
        env = await term.run("env")
        assert "MODE=prod\r\n" in env and "DB_PASSWORD=s3cret\r\n" in env
        assert await term.run("echo $DB_PASSWORD") == "s3cret\r\n"
        listing = await term.run("ls -la /")
        names = [line.split()[-1] for line in listing.splitlines()[1:]]
        assert {".", "..", "bin", "etc", "mnt", "tmp", "usr"} <= set(names)
        assert listing.splitlines()[0].startswith("total ")
        assert "drwxr-xr-x" in listing
        assert "creds" in await term.run("ls /mnt")
        assert await term.run("cat /mnt/creds/token") == "hunter2\r\n"
        host = await term.run("hostname")
        assert await term.run("cat /etc/hostname") == host
        assert await term.run("stty size") == "30 100\r\n"  # fixed at the POST
        assert "not found" in await term.run("top")
        await term.ws.send_str("exit\r")
        await term.rest()
        assert term.ws.closed or (await term.ws.receive()).type != aiohttp.WSMsgType.TEXT


async def test_command_with_arguments_fails_like_aci(emu: Emulator, client) -> None:
    """`ls -la /` as the command is one program name that does not exist, as on ACI."""
    emu.put_group("rg", "g", group_body())
    async with shell(emu, client, command="ls -la /") as term:
        out = await term.rest()
    assert 'exec: \\"ls -la /\\": executable file not found in $PATH' in out


async def test_a_program_without_arguments_runs_once(emu: Emulator, client) -> None:
    """`ls` alone is a program in the container: its output, then the session ends."""
    emu.put_group("rg", "g", group_body())
    async with shell(emu, client, command="ls") as term:
        out = await term.rest()
    assert "bin" in out and "etc" in out and "# " not in out


async def test_bash_missing_on_busybox_present_elsewhere(emu: Emulator, client) -> None:
    """/bin/bash fails on a busybox image (fall back to /bin/sh); a Debian image has it."""
    emu.put_group("rg", "g", secret_group())
    async with shell(emu, client, command="/bin/bash") as term:
        assert "executable file not found" in await term.rest()
    emu.put_group("rg", "deb", secret_group(image="nginx:1.27"))
    async with shell(emu, client, command="/bin/bash", group="deb") as term:
        prompt = await term.until(":/# ")
        assert prompt.startswith("root@SandboxHost-")
        here = prompt.removesuffix("/# ") + "/mnt/creds# "
        assert await term.run("cd /mnt/creds", prompt=here) == ""
        assert await term.run("pwd", prompt=here) == "/mnt/creds\r\n"
        assert await term.run("nope", prompt=here) == "bash: nope: command not found\r\n"


async def test_windows_group_runs_cmd_only(emu: Emulator, client) -> None:
    """A Windows group starts cmd.exe (banner, set shows env); /bin/sh there fails."""
    body = secret_group()
    body["properties"]["osType"] = "Windows"
    body["properties"].pop("volumes")
    body["properties"]["containers"][0]["properties"].pop("volumeMounts")
    emu.put_group("rg", "g", body)
    async with shell(emu, client, command="cmd.exe") as term:
        assert "Microsoft Windows" in await term.until("C:\\>")
        assert "DB_PASSWORD=s3cret\r\n" in await term.run("set", prompt="C:\\>")
        assert "is not recognized" in await term.run("ls", prompt="C:\\>")
    async with shell(emu, client, command="/bin/sh") as term:
        assert "executable file not found" in await term.rest()


async def test_wrong_password_closes_and_uri_is_single_use(emu: Emulator, client) -> None:
    """A wrong first frame closes the socket with 1008; the URI cannot be used again."""
    emu.put_group("rg", "g", group_body())
    answer = await client.containers.execute_command(
        "rg", "g", "app", {"command": "/bin/sh", "terminalSize": {"rows": 24, "cols": 80}}
    )
    async with websocket(emu, answer.web_socket_uri) as ws:
        await ws.send_str("not-the-password")
        msg = await ws.receive(timeout=10)
        assert msg.type == aiohttp.WSMsgType.CLOSE and msg.data == 1008
    with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
        async with websocket(emu, answer.web_socket_uri):
            pass
    assert caught.value.status == 404


async def test_exec_needs_a_running_container(emu: Emulator, client) -> None:
    """Exec into a stopped group is a 409 naming the state; a bad body is a 400."""
    emu.put_group("rg", "g", group_body())
    with pytest.raises(HttpResponseError) as caught:
        await client.containers.execute_command("rg", "g", "app", {"command": ""})
    assert caught.value.status_code == 400
    with pytest.raises(HttpResponseError) as caught:
        await client.containers.execute_command("rg", "g", "app", {"command": "x" * 5000})
    assert caught.value.status_code == 400 and "longer" in caught.value.message
    await client.container_groups.stop("rg", "g")
    with pytest.raises(HttpResponseError) as caught:
        await client.containers.execute_command("rg", "g", "app", {"command": "/bin/sh"})
    assert caught.value.status_code == 409 and "Stopped" in caught.value.message


async def test_attach_streams_output_with_password_header(emu: Emulator, client) -> None:
    """attach: the password in Authorization; the log so far, then new lines as they come."""
    emu.put_group("rg", "g", group_body())
    emu.append_logs("rg", "g", "app", ["booted"])
    answer = await client.containers.attach("rg", "g", "app")
    with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
        async with websocket(emu, answer.web_socket_uri, {"Authorization": "wrong"}):
            pass
    assert caught.value.status == 401
    answer = await client.containers.attach("rg", "g", "app")
    async with websocket(emu, answer.web_socket_uri, {"Authorization": answer.password}) as ws:
        term = Terminal(ws)
        await term.until("booted\r\n")
        emu.append_logs("rg", "g", "app", ["request 1"])
        await term.until("request 1\r\n")
        emu.exit_container("rg", "g", "app", 0)
        emu.store.stop_group("rg", "g")
        await term.rest()


def test_line_discipline_edits_like_a_terminal() -> None:
    """Backspace erases, arrow keys are ignored, Ctrl-C drops the line, Ctrl-D on empty exits."""
    group = group_body()
    sh = Shell(
        "/bin/sh", group, group["properties"]["containers"][0], "h", (24, 80), datetime.now(UTC)
    )
    assert sh.start() == ("/ # ", False)
    out, done = sh.feed("ecx\x7fho \x1b[Ahi\r")
    assert out == "ecx\b \bho hi\r\nhi\r\n/ # " and not done
    assert sh.feed("echo gone\x03") == ("echo gone^C\r\n/ # ", False)
    assert sh.feed("echo 'a b'  \"$MISSING\"x\r")[0].endswith("a b x\r\n/ # ")
    assert sh.feed("echo 'unterminated\r")[0].endswith("unterminated quoted string\r\n/ # ")
    assert sh.feed("\x04") == ("\r\n", True)


async def test_stopping_the_emulator_ends_open_sessions() -> None:
    """An open shell ends (the socket closes) when the emulator stops; nothing hangs."""
    emu = Emulator().start()
    try:
        emu.put_group("rg", "g", group_body())
        async with make_client(emu) as sdk, shell(emu, sdk) as term:
            await term.until("/ # ")
            await asyncio.to_thread(emu.stop)
            msg = await term.ws.receive(timeout=10)
            assert msg.type in (
                aiohttp.WSMsgType.CLOSE,
                aiohttp.WSMsgType.CLOSED,
                aiohttp.WSMsgType.ERROR,
            )
    finally:
        emu.stop()
