"""Exec on ACI, the real SDK's execute_command and a real websocket against the emulator."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator

import pytest

from acitui.backends.azure import exec as aci_exec
from acitui.backends.azure.backend import AzureBackend
from acitui.backends.base import ExecSession
from acitui.emulator import Emulator
from acitui.errors import NotFoundError, ReadOnlyError, UnavailableError
from acitui.model import GroupRef
from tests.backends.fleet_azure import make_settings
from tests.emulator.conftest import group_body

pytestmark = pytest.mark.azure
REF = GroupRef("rg", "g")


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as server:
        body = group_body(("app", "side"))
        app = body["properties"]["containers"][0]["properties"]
        app["environmentVariables"] = [{"name": "MODE", "value": "prod"}]
        server.put_group("rg", "g", body)
        deb = group_body()
        deb["properties"]["containers"][0]["properties"]["image"] = "nginx:1.27"
        server.put_group("rg", "deb", deb)
        win = group_body(osType="Windows")
        server.put_group("rg", "win", win)
        yield server


@pytest.fixture
async def backend(emu: Emulator) -> AsyncIterator[AzureBackend]:
    b = AzureBackend.from_settings(make_settings(emu))
    try:
        yield b
    finally:
        await b.close()


async def read_all(session: ExecSession) -> str:
    out = b""
    while True:
        _, chunk = await session.read()
        if not chunk:
            return out.decode()
        out += chunk


async def test_command_with_arguments_prints_only_its_output(backend: AzureBackend) -> None:
    """`ls -la /` is typed into a shell: the listing comes back alone, without echo or prompt."""
    session = await backend.open_exec(REF, "app", ["ls", "-la", "/"], tty=False)
    try:
        assert not session.resizable
        out = await read_all(session)
    finally:
        await session.close()
    lines = out.splitlines()
    assert lines[0].startswith("total ")
    assert {"bin", "etc", "usr"} <= {line.split()[-1] for line in lines[1:]}
    assert "# " not in out and "ls -la" not in out and "\r" not in out
    assert await session.exit_code() is None  # ACI never says


async def test_arguments_with_spaces_survive(backend: AzureBackend) -> None:
    """Words with spaces and a variable reach the shell as the user quoted them."""
    session = await backend.open_exec(REF, "app", ["echo", "a  b", "$MODE"], tty=False)
    try:
        assert await read_all(session) == "a  b $MODE\n"
    finally:
        await session.close()


async def test_interactive_shell_falls_back_to_sh(backend: AzureBackend) -> None:
    """busybox has no bash: the shell is sh, at the size asked, and `exit` ends it."""
    session = await backend.open_exec(REF, "side", None, tty=True, size=(33, 111))
    try:
        seen = ""
        await session.write(b"stty size\r")
        while "33 111" not in seen:
            seen += (await session.read())[1].decode()
        await session.resize(50, 200)  # nothing on ACI can resize
        await session.write(b"stty size\rexit\r")
        rest = await read_all(session)
        assert rest.count("33 111") == 1 and "/ # " in rest
    finally:
        await session.close()


async def test_bash_where_the_image_has_it(backend: AzureBackend) -> None:
    """A Debian-based image gets bash (its prompt), typed commands and then the end."""
    session = await backend.open_exec(GroupRef("rg", "deb"), "app", ["pwd"], tty=True)
    try:
        out = await read_all(session)
    finally:
        await session.close()
    assert out.startswith("root@") and "pwd\r\n/\r\n" in out and out.rstrip().endswith("exit")


async def test_windows_group_gets_cmd(backend: AzureBackend) -> None:
    """A Windows group runs cmd.exe and the command typed into it."""
    session = await backend.open_exec(GroupRef("rg", "win"), "app", ["echo", "hi"], tty=False)
    try:
        assert await read_all(session) == "hi\n"
    finally:
        await session.close()


async def test_unknown_container_and_read_only(backend: AzureBackend, emu: Emulator) -> None:
    """An unknown container names the real ones; read-only refuses before any POST."""
    with pytest.raises(NotFoundError) as caught:
        await backend.open_exec(REF, "nope", None)
    assert "app, side" in (caught.value.hint or "")
    ro = AzureBackend.from_settings(make_settings(emu))
    ro.read_only = True
    try:
        with pytest.raises(ReadOnlyError):
            await ro.open_exec(REF, "app", ["ls"])
    finally:
        await ro.close()


async def test_blocked_port_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """A socket that never answers (a blocked port) ends within the bound, naming port 19390."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts the TCP connection, never answers the TLS hello
    port = silent.getsockname()[1]
    monkeypatch.setattr(aci_exec, "CONNECT_SECONDS", 0.5)

    async def post(shell: str, rows: int, cols: int) -> tuple[str, str]:
        return f"wss://127.0.0.1:{port}/exec/x", "pw"

    try:
        with pytest.raises(UnavailableError) as caught:
            await aci_exec.open_aci_exec(post, None, None, windows=False, tty=True, size=(24, 80))
    finally:
        silent.close()
    assert f"port {port}" in (caught.value.hint or "") and "blocked" in caught.value.hint
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    port = silent.getsockname()[1]
    silent.close()  # nothing listens: refused at once
    with pytest.raises(UnavailableError) as caught:
        await asyncio.wait_for(
            aci_exec.open_aci_exec(post, None, None, windows=False, tty=True, size=(24, 80)), 10
        )
    assert "blocked" in (caught.value.hint or "")


async def test_a_piped_script_runs_in_the_shell_and_ends(backend: AzureBackend) -> None:
    """Without a TTY and without a command, piped lines run in the shell; EOF ends it."""
    session = await backend.open_exec(REF, "app", None, tty=False)
    try:
        await session.write(b"echo one\necho $MODE")
        await session.close_input()
        out = await read_all(session)
    finally:
        await session.close()
    assert "\r\none\r\n" in out and "\r\nprod\r\n" in out
