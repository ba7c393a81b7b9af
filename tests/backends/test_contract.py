"""The backend contract: the same behaviour from every backend, on its real fleet.

Only the ContractFleet interface and the Backend protocol are used here. The
mutating tests come last in this file (pytest keeps file order per fleet), and
only touch the ``stoppable`` group.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from acitui.backends.base import Backend
from acitui.errors import NotFoundError, ReadOnlyError
from acitui.model import ContainerGroup, GroupState, LineKind, LogLine
from acitui.sanitize import sanitize
from tests.backends.conftest import ContractFleet


async def eventually(check: Callable[[], Awaitable[Any]], timeout: float = 30.0) -> Any:
    """Await ``check()`` until it returns something truthy, or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last: {value!r})")
        await asyncio.sleep(0.1)


async def state_of(backend: Backend, group: Any) -> GroupState:
    return (await backend.get_group(group)).state


async def test_lists_the_fleet_in_its_resource_group(fleet: ContractFleet, backend: Backend):
    """`groups -g RG` shows every group of the fleet, and the RG is listed."""
    groups = await backend.list_groups(fleet.resource_group)
    names = {g.name for g in groups}
    for ref in (fleet.running, fleet.failed, fleet.succeeded, fleet.stoppable):
        assert ref.name in names
    assert all(g.resource_group == fleet.resource_group for g in groups)
    assert fleet.resource_group in {rg.name for rg in await backend.list_resource_groups()}
    everything = {g.key for g in await backend.list_groups()}
    assert str(fleet.running) in everything


async def test_paged_listing_matches_the_full_list(fleet: ContractFleet, backend: Backend):
    """Pages from iter_groups add up to exactly the groups list_groups returns."""
    paged = [g.key async for page in backend.iter_groups(fleet.resource_group) for g in page]
    listed = [g.key for g in await backend.list_groups(fleet.resource_group)]
    assert sorted(paged) == sorted(listed) and len(paged) == len(set(paged))


async def test_group_states_match_what_ran(fleet: ContractFleet, backend: Backend):
    """Running, crashed (exit 3) and finished (exit 0) groups show Running/Failed/Succeeded."""
    assert await state_of(backend, fleet.running) is GroupState.RUNNING
    assert await state_of(backend, fleet.failed) is GroupState.FAILED
    assert await state_of(backend, fleet.succeeded) is GroupState.SUCCEEDED


async def test_containers_and_exit_codes(fleet: ContractFleet, backend: Backend):
    """A group shows its containers, and terminated ones their exit codes."""
    running = await backend.get_group(fleet.running)
    assert [c.name for c in running.containers] == ["web", "sidecar"]
    assert all(c.ready for c in running.containers)
    failed = await backend.get_group(fleet.failed)
    job = failed.container("job")
    assert job is not None and job.exit_code == 3 and failed.restart_policy == "Never"
    batch = (await backend.get_group(fleet.succeeded)).container("batch")
    assert batch is not None and batch.exit_code == 0


async def test_events_have_counts_and_times(fleet: ContractFleet, backend: Backend):
    """Events name what happened, with a count and timestamps, newest first."""
    events = await backend.list_events(fleet.failed)
    assert events, "a group that ran and failed has events"
    assert all(e.count >= 1 for e in events)
    assert all(e.type in ("Normal", "Warning") for e in events)
    assert any(e.container == "job" for e in events)
    stamps = [e.last_timestamp for e in events if e.last_timestamp is not None]
    assert stamps and stamps == sorted(stamps, reverse=True)
    group: ContainerGroup = await backend.get_group(fleet.running)
    assert group.events


async def test_log_snapshot_tail_and_timestamps(fleet: ContractFleet, backend: Backend):
    """`logs --tail N` gives the last N lines; `--timestamps` dates each one."""
    everything = await backend.get_logs(fleet.running, "web")
    assert "hello from web" in [line.text for line in everything]
    last = await backend.get_logs(fleet.running, "web", tail=1)
    assert len(last) == 1 and last[0].text == everything[-1].text
    dated = await backend.get_logs(fleet.running, "web", tail=2, timestamps=True)
    assert len(dated) == 2 and all(line.timestamp is not None for line in dated)
    plain = await backend.get_logs(fleet.running, "web", tail=2)
    assert all(line.timestamp is None for line in plain)
    assert all(line.container == "web" for line in everything)


async def test_hostile_log_line_comes_back_raw_and_sanitises(
    fleet: ContractFleet, backend: Backend
):
    """The clipboard-write/clear-screen line is returned raw; the sanitizer neutralises it."""
    lines = [line.text for line in await backend.get_logs(fleet.running, "web")]
    hostile = next(t for t in lines if "\x1b]52;" in t)
    assert "\x1b[2J" in hostile
    shown = sanitize(hostile)
    assert "\x1b" not in shown and "\x07" not in shown and "52;" not in shown
    assert shown.strip(), "the readable part of the line survives"


async def _collect(stream: Any, into: list[LogLine]) -> None:
    async for line in stream:
        into.append(line)


async def _collect_batches(stream: Any, into: list[LogLine]) -> None:
    async for batch in stream:
        assert batch, "a batch is never empty"
        into.extend(batch)


@pytest.mark.parametrize("batched", [False, True], ids=["lines", "batches"])
async def test_follow_gets_new_lines_exactly_once(
    fleet: ContractFleet, backend: Backend, batched: bool
):
    """Following a log (line by line or in batches) shows new lines exactly once, in order."""
    tag = uuid.uuid4().hex[:8]
    received: list[LogLine] = []
    if batched:
        work = _collect_batches(backend.follow_log_batches(fleet.running, "web", tail=0), received)
    else:
        work = _collect(backend.follow_logs(fleet.running, "web", tail=0), received)
    task = asyncio.create_task(work)
    try:

        async def ready() -> bool:
            await fleet.emit(fleet.running, "web", [f"ready-{tag}"])
            await asyncio.sleep(0.3)
            return any(line.text == f"ready-{tag}" for line in received)

        await eventually(ready)
        wanted = [f"{tag} line {i}" for i in range(5)]
        await fleet.emit(fleet.running, "web", wanted)

        async def all_in() -> bool:
            return all(any(line.text == w for line in received) for w in wanted)

        await eventually(all_in)
        await asyncio.sleep(0.5)  # give a duplicate, if any, the time to show up
        got = [line.text for line in received if line.text.startswith(tag)]
        assert got == wanted
        assert all(line.kind is LineKind.OUTPUT for line in received if line.text in wanted)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_follow_stops_promptly_when_cancelled(fleet: ContractFleet, backend: Backend):
    """Cancelling a follow (Ctrl-C, leaving the log view) ends it at once."""
    received: list[LogLine] = []
    task = asyncio.create_task(
        _collect(backend.follow_logs(fleet.running, "web", tail=5), received)
    )
    await eventually(lambda: asyncio.sleep(0, result=bool(received)), timeout=20)
    started = time.monotonic()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert time.monotonic() - started < 1.0
    stream = backend.follow_logs(fleet.running, "web", tail=1)
    assert isinstance(await anext(stream), LogLine)
    started = time.monotonic()
    await stream.aclose()
    assert time.monotonic() - started < 1.0


async def test_env_values_present(fleet: ContractFleet, backend: Backend):
    """Plain variables come back with their value (the face masks); secure ones without."""
    web = (await backend.get_group(fleet.running)).container("web")
    assert web is not None
    env = {v.name: v for v in web.environment}
    assert env["PLAIN_SETTING"].value == "visible-value" and not env["PLAIN_SETTING"].secure
    for name in fleet.secure_env:
        assert env[name].secure and env[name].value is None


async def test_missing_group_and_container_not_found(fleet: ContractFleet, backend: Backend):
    """An unknown group or container is a clear NotFoundError, not a crash."""
    with pytest.raises(NotFoundError):
        await backend.get_group(fleet.missing)
    with pytest.raises(NotFoundError):
        await backend.list_events(fleet.missing)
    with pytest.raises(NotFoundError):
        await backend.get_logs(fleet.missing, "web")
    with pytest.raises(NotFoundError):
        await backend.get_logs(fleet.running, "no-such-container")
    with pytest.raises(NotFoundError):
        await anext(backend.follow_logs(fleet.running, "no-such-container"))


async def test_read_only_refuses_every_mutation(fleet: ContractFleet):
    """With --read-only, start/stop/restart/delete are refused and the group is untouched."""
    backend = fleet.make_backend(read_only=True)
    try:
        before = await backend.get_group(fleet.stoppable)
        for action in (backend.stop_group, backend.start_group, backend.restart_group,
                       backend.delete_group):  # fmt: skip
            with pytest.raises(ReadOnlyError):
                await action(fleet.stoppable)
        after = await backend.get_group(fleet.stoppable)
        assert after.state is GroupState.RUNNING
        assert [c.current_state for c in after.containers] == [
            c.current_state for c in before.containers
        ]
    finally:
        await backend.close()


async def test_stop_then_start(fleet: ContractFleet, backend: Backend):
    """Stopping a group shows Stopped; starting it again shows Running."""
    await backend.stop_group(fleet.stoppable)
    await eventually(lambda: _is(backend, fleet.stoppable, GroupState.STOPPED), timeout=60)
    await backend.start_group(fleet.stoppable)
    await eventually(lambda: _is(backend, fleet.stoppable, GroupState.RUNNING), timeout=60)


async def test_restart_keeps_it_running(fleet: ContractFleet, backend: Backend):
    """Restarting a running group brings it back Running with a fresh start time."""
    before = (await backend.get_group(fleet.stoppable)).containers[0].current_state
    await backend.restart_group(fleet.stoppable)

    async def restarted() -> bool:
        group = await backend.get_group(fleet.stoppable)
        now = group.containers[0].current_state
        return group.state is GroupState.RUNNING and now is not None and now != before

    await eventually(restarted, timeout=60)


async def test_delete_removes_the_group(fleet: ContractFleet, backend: Backend):
    """After delete the group is gone: NotFoundError, and it is no longer listed."""
    await backend.delete_group(fleet.stoppable)

    async def gone() -> bool:
        try:
            await backend.get_group(fleet.stoppable)
        except NotFoundError:
            return True
        return False

    await eventually(gone, timeout=60)
    names = {g.name for g in await backend.list_groups(fleet.resource_group)}
    assert fleet.stoppable.name not in names


async def _is(backend: Backend, ref: Any, state: GroupState) -> bool:
    return await state_of(backend, ref) is state
