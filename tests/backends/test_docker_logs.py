"""Docker logs on the real engine: long lines, TTY containers, stderr, hostile bytes, tail."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest

from acitui.backends.docker.backend import DockerBackend
from acitui.backends.docker.frames import MAX_LINE_BYTES
from acitui.backends.docker.grouping import LABEL_RG
from acitui.errors import InvalidInputError
from acitui.model import GroupRef, LineKind, LogLine
from acitui.sanitize import sanitize
from tests.backends.fleet_docker import exited, remove_labelled, run, wait_for
from tests.docker_image import engine_client

LONG = 40_000  # Docker splits lines at 16 KiB: this one arrives in three pieces
LONG_SCRIPT = (
    f'head -c {LONG} /dev/zero | tr "\\0" x; echo END; echo err-line >&2; echo after; sleep 600'
)
HUGE = 3 * 1024 * 1024  # one 3 MiB "line": a progress bar that never prints a newline
HUGE_SCRIPT = f'head -c {HUGE} /dev/zero | tr "\\0" y; echo; echo after; sleep 600'
HOSTILE_SCRIPT = (
    r"printf 'bad \377\376 utf8\n';"
    r"printf 'osc8 \033]8;;http://evil/\033\\link\033]8;;\033\\ c1 \302\233 31m clip "
    r"\033]52;c;aGk=\007 title \033]0;pwned\007 end\n'; sleep 600"
)


@dataclass
class Logs:
    rg: str
    prefix: str

    def ref(self, name: str) -> GroupRef:
        return GroupRef(self.rg, f"{self.prefix}-{name}")


@pytest.fixture(scope="module")
def logs() -> Iterator[Logs]:
    api = engine_client()
    sid = uuid.uuid4().hex[:6]
    rg = prefix = f"acitui-lt-{sid}"
    labels = {LABEL_RG: rg}
    try:
        ids = [
            run(api, f"{prefix}-long", LONG_SCRIPT, labels=labels),
            run(api, f"{prefix}-ttylong", LONG_SCRIPT, labels=labels, tty=True),
            run(api, f"{prefix}-hostile", HOSTILE_SCRIPT, labels=labels),
            run(api, f"{prefix}-huge", HUGE_SCRIPT, labels=labels),
            run(api, f"{prefix}-ttyhuge", HUGE_SCRIPT, labels=labels, tty=True),
        ]
        busy = run(api, f"{prefix}-busy", "seq 1 20000 | sed 's/^/n /'", labels=labels)
        wait_for(lambda: exited(api, busy), what="busy to print everything")
        wait_for(lambda: all(b"after" in api.logs(i) or b"end" in api.logs(i) for i in ids))
        yield Logs(rg, prefix)
    finally:
        remove_labelled(api, LABEL_RG, rg)
        api.close()


@pytest.fixture
async def backend() -> AsyncIterator[DockerBackend]:
    b = DockerBackend()
    yield b
    await b.close()


async def _first_lines(
    stream: AsyncIterator[LogLine], count: int, *, until: str | None = None
) -> list[LogLine]:
    out: list[LogLine] = []
    async with asyncio.timeout(20):
        async for line in stream:
            out.append(line)
            if len(out) == count or line.text == until:
                break
    await stream.aclose()  # type: ignore[attr-defined]
    return out


@pytest.mark.parametrize("name", ["long", "ttylong"])
async def test_lines_over_16k_come_back_whole(logs: Logs, backend: DockerBackend, name: str):
    """A 40,000-character line is one line in a snapshot and in a follow, TTY or not."""
    ref = logs.ref(name)
    snapshot = await backend.get_logs(ref, ref.name)
    followed = await _first_lines(backend.follow_logs(ref, ref.name, tail=None), 3)
    for lines in (snapshot, followed):
        texts = [line.text for line in lines if line.stream != "stderr"]
        assert texts[0] == "x" * LONG + "END"
        assert "after" in texts
    assert all(line.kind is LineKind.OUTPUT for line in followed)


@pytest.mark.parametrize("name", ["huge", "ttyhuge"])
async def test_endless_line_is_cut_not_hoarded(logs: Logs, backend: DockerBackend, name: str):
    """A 3 MiB line without newline comes as ~1 MiB pieces, each holding 64 KiB and a note
    of how many bytes were dropped: every byte is kept or counted, none is hoarded."""
    ref = logs.ref(name)
    for lines in (
        await backend.get_logs(ref, ref.name),
        await _first_lines(backend.follow_logs(ref, ref.name, tail=None), 10, until="after"),
    ):
        texts = [line.text for line in lines]
        end = texts.index("after")
        assert 3 <= end <= 4
        accounted = 0
        for text in texts[:end]:
            match = re.fullmatch(r"(y*)(?: … \[\+([\d,]+) bytes\])?", text)
            assert match is not None, text[-40:]
            kept, dropped = match.group(1), match.group(2)
            assert len(kept) == MAX_LINE_BYTES if dropped else len(kept) <= MAX_LINE_BYTES
            accounted += len(kept) + int((dropped or "0").replace(",", ""))
        assert accounted == HUGE


async def test_tty_lines_have_no_carriage_returns(logs: Logs, backend: DockerBackend):
    """A TTY container's lines (\\r\\n on the wire) come back clean, stderr folded into stdout."""
    lines = await backend.get_logs(logs.ref("ttylong"), logs.ref("ttylong").name, tail=2)
    assert [line.text for line in lines] == ["err-line", "after"]


async def test_stderr_is_kept_apart(logs: Logs, backend: DockerBackend):
    """Lines a container writes to stderr are marked stderr; the rest stdout."""
    ref = logs.ref("long")
    for lines in (
        await backend.get_logs(ref, ref.name),
        await _first_lines(backend.follow_logs(ref, ref.name, tail=None), 3),
    ):
        streams = {line.text[:8]: line.stream for line in lines}
        assert streams == {"x" * 8: "stdout", "err-line": "stderr", "after": "stdout"}


async def test_hostile_bytes_come_back_raw_and_sanitise(logs: Logs, backend: DockerBackend):
    """Invalid UTF-8 never crashes; escape sequences come back raw and the sanitizer strips them."""
    ref = logs.ref("hostile")
    bad, evil = [line.text for line in await backend.get_logs(ref, ref.name)]
    assert bad == "bad \ufffd\ufffd utf8"
    for raw in ("\x1b]8;;http://evil/", "\x9b", "\x1b]52;c;", "\x1b]0;pwned\x07"):
        assert raw in evil
    shown = sanitize(evil)
    assert shown == "osc8 link c1 31m clip  title  end"
    assert not any(ch in shown for ch in "\x1b\x07\x9b")


async def test_tail_is_exact_and_fast(logs: Logs, backend: DockerBackend):
    """`--tail 5` on a 20,000-line log returns exactly the last five, quickly."""
    ref = logs.ref("busy")
    started = time.monotonic()
    last = await backend.get_logs(ref, ref.name, tail=5)
    assert time.monotonic() - started < 2.0
    assert [line.text for line in last] == [f"n {i}" for i in range(19996, 20001)]
    assert await backend.get_logs(ref, ref.name, tail=0) == []
    everything = await backend.get_logs(ref, ref.name)
    assert len(everything) == 20000


async def test_bad_tail_is_a_clear_error(logs: Logs, backend: DockerBackend):
    """A tail that is not a whole number ≥ 0 is refused with InvalidInputError."""
    ref = logs.ref("busy")
    for tail in (-1, "5"):
        with pytest.raises(InvalidInputError):
            await backend.get_logs(ref, ref.name, tail=tail)  # type: ignore[arg-type]
