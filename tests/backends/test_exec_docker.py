"""Exec on the real Docker engine: a pty shell, live resize, commands, exit codes, read-only."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from acitui.backends.base import STDERR, STDOUT, ExecSession
from acitui.backends.docker.backend import DockerBackend
from acitui.backends.docker.grouping import LABEL_CONTAINER, LABEL_GROUP, LABEL_RG
from acitui.errors import NotFoundError, ReadOnlyError
from acitui.model import GroupRef
from tests.backends.fleet_docker import IDLE, remove_labelled, run
from tests.docker_image import engine_client


@dataclass
class Place:
    api: Any
    ref: GroupRef


@pytest.fixture(scope="module")
def place() -> Iterator[Place]:
    api = engine_client()
    sid = uuid.uuid4().hex[:6]
    ref = GroupRef(f"acitui-ex-{sid}", "g")
    try:
        for name in ("app", "side"):
            labels = {LABEL_RG: ref.resource_group, LABEL_GROUP: ref.name, LABEL_CONTAINER: name}
            run(api, f"acitui-ex-{sid}-{name}", IDLE, labels=labels)
        yield Place(api, ref)
    finally:
        remove_labelled(api, LABEL_RG, ref.resource_group)
        api.close()


@pytest.fixture
async def backend() -> AsyncIterator[DockerBackend]:
    b = DockerBackend()
    yield b
    await b.close()


async def read_until(session: ExecSession, text: bytes) -> bytes:
    """Output until ``text`` has arrived (or the end)."""
    seen = b""
    while text not in seen:
        _, chunk = await session.read()
        if not chunk:
            break
        seen += chunk
    return seen


async def read_all(session: ExecSession) -> dict[int, bytes]:
    out = {STDOUT: b"", STDERR: b""}
    while True:
        stream, chunk = await session.read()
        if not chunk:
            return out
        out[stream] += chunk


async def test_shell_with_pty_echoes_and_resizes(place: Place, backend: DockerBackend) -> None:
    """A shell gets a pty of the asked size; a resize is seen by the next `stty size`."""
    session = await backend.open_exec(place.ref, "side", None, tty=True, size=(30, 100))
    try:
        assert session.tty and session.resizable
        await session.write(b"stty size\r")
        assert b"30 100" in await read_until(session, b"30 100")
        await session.resize(40, 120)
        await session.write(b"stty size; exit 3\r")
        assert b"40 120" in await read_until(session, b"40 120")
        await read_all(session)
        assert await session.exit_code() == 3
    finally:
        await session.close()


async def test_command_without_tty_splits_streams(place: Place, backend: DockerBackend) -> None:
    """A command without a TTY: stdout and stderr apart, stdin forwarded, exit code kept."""
    script = "cat; echo oops >&2; ls -la /; exit 5"
    session = await backend.open_exec(place.ref, "app", ["sh", "-c", script], tty=False)
    try:
        await session.write(b"from stdin\n")
        await session.close_input()
        out = await read_all(session)
        assert out[STDOUT].startswith(b"from stdin\n")
        assert b"bin" in out[STDOUT] and b"proc" in out[STDOUT]
        assert out[STDERR] == b"oops\n"
        assert await session.exit_code() == 5
    finally:
        await session.close()


async def test_unknown_container_names_the_others(place: Place, backend: DockerBackend) -> None:
    """Exec into a container the group lacks is NotFoundError naming its containers."""
    with pytest.raises(NotFoundError) as caught:
        await backend.open_exec(place.ref, "nope", ["true"], tty=False)
    assert "app" in (caught.value.hint or "")


async def test_read_only_refuses_exec(place: Place) -> None:
    """Read-only mode refuses exec in the backend, before the engine is asked."""
    backend = DockerBackend(read_only=True)
    try:
        with pytest.raises(ReadOnlyError):
            await backend.open_exec(place.ref, "app", ["true"], tty=False)
    finally:
        await backend.close()
