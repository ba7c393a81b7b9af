"""State over the emulator's clock: provisioning, crash loops with back-off, restart policies."""

from __future__ import annotations

import pytest

from acitui.emulator import Behaviour, Emulator
from tests.emulator.conftest import group_body, make_client

pytestmark = pytest.mark.azure


async def _container_view(emu: Emulator, group: str = "g", index: int = 0):
    async with make_client(emu) as client:
        got = await client.container_groups.get("rg", group)
    return got, got.containers[index].instance_view


async def test_crash_loop_restart_count_climbs_with_back_off(manual_emu: Emulator) -> None:
    """A crashing container restarts at once, then after 10 s, 20 s… with BackOff events."""
    emu = manual_emu
    emu.put_group("rg", "g", group_body(), {"app": Behaviour(run_seconds=10, exit_code=1)})
    counts = []
    for _ in range(5):  # t = 0, 10, 20, 30, 40
        counts.append((await _container_view(emu))[1].restart_count)
        emu.advance(10)
    # exits at 10 (restart now), 20 (back-off 10 s → 30), 40 (back-off 20 s → 60)
    assert counts == [0, 1, 1, 2, 2]
    emu.advance(5)  # t = 55: waiting out the 20 s back-off
    group, view = await _container_view(emu)
    assert view.current_state.state == "Waiting"
    assert "CrashLoopBackOff" in view.current_state.detail_status
    assert view.previous_state.state == "Terminated"
    assert view.previous_state.exit_code == 1
    assert group.instance_view.state == "Running"  # ACI keeps an Always group Running
    events = {e.name: e for e in view.events}
    assert events["BackOff"].count == 2
    assert events["BackOff"].type == "Warning"
    assert events["Started"].count == 3  # first start + two restarts
    assert events["Started"].last_timestamp > events["Started"].first_timestamp
    assert len(view.events) == len({(e.name, e.message) for e in view.events})
    emu.advance(5)  # t = 60: back-off over
    assert (await _container_view(emu))[1].restart_count == 3


async def test_http_create_goes_pending_then_running(manual_emu: Emulator) -> None:
    """A created group is Creating/Pending while its image pulls, then Running."""
    emu = manual_emu
    emu.put_resource_group("rg")
    async with make_client(emu) as client:
        await client.container_groups.begin_create_or_update("rg", "g", group_body(), polling=False)
        first = await client.container_groups.get("rg", "g")
        emu.advance(0.5)
        pulling = await client.container_groups.get("rg", "g")
        emu.advance(2)
        running = await client.container_groups.get("rg", "g")
    assert first.provisioning_state == "Creating"
    assert pulling.provisioning_state == "Pending"
    assert pulling.instance_view.state == "Pending"
    assert pulling.containers[0].instance_view.current_state.state == "Waiting"
    assert running.provisioning_state == "Succeeded"
    assert running.instance_view.state == "Running"
    names = [e.name for e in running.containers[0].instance_view.events]
    assert names == ["Pulling", "Pulled", "Started"]


@pytest.mark.parametrize(
    ("policy", "code", "group_state", "restarts"),
    [
        ("Never", 0, "Succeeded", 0),
        ("Never", 3, "Failed", 0),
        ("OnFailure", 0, "Succeeded", 0),
        ("OnFailure", 3, "Running", 1),
        ("Always", 0, "Running", 1),
    ],
)
async def test_exit_container_follows_restart_policy(
    manual_emu: Emulator, policy: str, code: int, group_state: str, restarts: int
) -> None:
    """exit_container ends the process; the restart policy decides Succeeded, Failed or restart."""
    emu = manual_emu
    emu.put_group("rg", "g", group_body(policy=policy))
    emu.append_logs("rg", "g", "app", ["first run"])
    emu.exit_container("rg", "g", "app", code)
    group, view = await _container_view(emu)
    assert group.instance_view.state == group_state
    assert view.restart_count == restarts
    async with make_client(emu) as client:
        logs = (await client.containers.list_logs("rg", "g", "app")).content
    if restarts:
        assert view.current_state.state == "Running"
        assert view.previous_state.exit_code == code
        assert logs == ""  # the restarted container's log starts anew
    else:
        assert view.current_state.state == "Terminated"
        assert view.current_state.exit_code == code
        assert logs == "first run\n"


async def test_oom_reason_and_exit_lines(manual_emu: Emulator) -> None:
    """A job that runs out of memory shows exit 137, OOMKilled and its last output."""
    emu = manual_emu
    emu.put_group(
        "rg",
        "g",
        group_body(policy="Never"),
        {"app": Behaviour(run_seconds=30, exit_code=137, reason="OOMKilled", exit_lines=("boom",))},
    )
    emu.advance(31)
    group, view = await _container_view(emu)
    assert group.instance_view.state == "Failed"
    assert view.current_state.detail_status == "OOMKilled"
    assert view.current_state.exit_code == 137
    assert view.current_state.finish_time > view.current_state.start_time


def test_admin_age_backdates_the_crash_loop() -> None:
    """put_group(age=...) simulates the past, so a demo worker already has restarts."""
    emu = Emulator(clock="manual")
    emu.put_group(
        "rg", "g", group_body(), {"app": Behaviour(run_seconds=25, exit_code=1)}, age=40 * 60
    )
    view = emu.get_group("rg", "g")["properties"]["containers"][0]["properties"]["instanceView"]
    assert view["restartCount"] >= 8
