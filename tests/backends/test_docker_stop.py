"""Docker group stop on the real engine: members in parallel, one stop_timeout for the group."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from acitui.backends.base import Notice, NoticeKind
from acitui.backends.docker.backend import DockerBackend
from acitui.backends.docker.grouping import LABEL_GROUP, LABEL_RG
from acitui.model import GroupRef
from tests.backends.fleet_docker import remove_labelled, run
from tests.docker_image import engine_client

pytestmark = pytest.mark.docker

MARK = "acitui.test-stop"
#: PID 1 that ignores SIGTERM: only the engine's SIGKILL after the timeout ends it.
STUBBORN = 'trap "" TERM; while :; do echo pong | nc -l -p 7777; done'


@pytest.fixture
def stubborn_group() -> Iterator[tuple[Any, GroupRef, list[str]]]:
    """A two-container namespace group whose processes both ignore SIGTERM."""
    api = engine_client()
    sid = uuid.uuid4().hex[:6]
    rg, name = f"acitui-stop-{sid}", "pair"
    labels = {MARK: sid, LABEL_RG: rg, LABEL_GROUP: name}
    try:
        owner = run(api, f"{rg}-web", STUBBORN, labels=labels)
        member = run(
            api, f"{rg}-side", 'trap "" TERM; sleep 1000', labels=labels,
            network_mode=f"container:{owner}",
        )  # fmt: skip
        yield api, GroupRef(rg, name), [owner, member]
    finally:
        remove_labelled(api, MARK, sid)
        api.close()


@pytest.fixture
async def backend() -> AsyncIterator[DockerBackend]:
    b = DockerBackend(stop_timeout=3)
    yield b
    await b.close()


def running(api: Any, cid: str) -> bool:
    return bool((api.inspect_container(cid).get("State") or {}).get("Running"))


async def test_stop_of_stubborn_pair_is_bounded_and_restart_shares_localhost(
    stubborn_group: tuple[Any, GroupRef, list[str]], backend: DockerBackend
) -> None:
    """Both SIGTERM-ignoring containers exit in one budget; restart brings back shared localhost."""
    api, ref, ids = stubborn_group
    notices: list[Notice] = []
    backend.notify = notices.append
    began = time.monotonic()
    await backend.stop_group(ref)
    elapsed = time.monotonic() - began
    assert not any(running(api, cid) for cid in ids)
    assert elapsed < 5.5  # one 3 s budget for the group; one stop after another would take 6 s+
    assert notices and notices[-1].kind is NoticeKind.PROGRESS
    assert "2/2" in notices[-1].message
    notices.clear()
    began = time.monotonic()
    await backend.restart_group(ref)
    assert time.monotonic() - began < 5.5  # the restart's stop shares the same budget
    assert notices, "restart reports its stop progress"
    assert all(running(api, cid) for cid in ids)
    out = api.exec_start(api.exec_create(ids[1], ["nc", "127.0.0.1", "7777"])["Id"])
    assert b"pong" in out
