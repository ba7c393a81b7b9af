"""The diagnosis line for each ACI event kind, read over HTTPS through the real Azure backend.

The emulator simulates pulls, crash loops with back-off, OOM kills, failed jobs and stops on
its own. Pull failures, failing probes and capacity refusals it does not simulate: for those
the test writes the event the service sends into the simulated container, so what is under
test is the wire → SDK → mapping → diagnosis path, not the emulator's imagination.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from acitui.backends import load_backend
from acitui.backends.base import Backend
from acitui.diagnosis import diagnose
from acitui.emulator import Emulator
from acitui.emulator.sim import Behaviour
from acitui.model import Diagnosis, GroupRef, Severity
from tests.backends.fleet_azure import make_settings
from tests.emulator.conftest import group_body

pytestmark = pytest.mark.azure

RG = "diag-rg"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    """An emulator on a manual clock: crash loops and pulls move only when the test says."""
    with Emulator(clock="manual", live_logs=False) as emulator:
        yield emulator


@pytest.fixture
async def backend(emu: Emulator) -> AsyncIterator[Backend]:
    b = load_backend("azure", make_settings(emu))
    # The test moves the emulator's clock, not the wall clock: reuse no earlier read.
    b.detail_cache_seconds = 0.0  # type: ignore[attr-defined]
    try:
        yield b
    finally:
        await b.close()


async def diagnosis_of(emu: Emulator, backend: Backend, name: str) -> Diagnosis | None:
    group = await backend.get_group(GroupRef(RG, name))
    return diagnose(group, now=emu.now())


def inject(
    emu: Emulator, group: str, reason: str, message: str, *, state: str = "", detail: str = ""
) -> None:
    """Record an event the emulator does not produce by itself, as the service would send it."""
    with emu.store.lock:
        container = emu.store._container(RG, group, "app")
        container.event(emu.now(), reason, message, "Warning")
        if state:
            container.state, container.detail = state, detail
            container.next_at, container.next_kind = None, ""


async def test_crash_loop_in_back_off_then_running_again(emu: Emulator, backend: Backend) -> None:
    """BackOff events: 'back-off' while waiting, 'crash-loop' once running again, with exit 1."""
    behaviour = Behaviour(run_seconds=5, exit_code=1, exit_lines=("panic: no database",))
    emu.put_group(RG, "loop", group_body(), {"app": behaviour})
    emu.advance(11)  # crash at 5 s (restarted at once), crash at 10 s → back-off for 10 s
    waiting = await diagnosis_of(emu, backend, "loop")
    assert waiting is not None and waiting.rule == "back-off", waiting
    assert "last exit code 1 (the app exited with an error)" in waiting.summary
    assert any("BackOff" in line for line in waiting.evidence)
    emu.advance(10)  # restarted at 20 s, running
    running = await diagnosis_of(emu, backend, "loop")
    assert running is not None and running.rule == "crash-loop", running
    assert "2 restarts" in running.summary and "last exit code 1" in running.summary


async def test_crash_loop_line_carries_the_previous_runs_tail(
    emu: Emulator, backend: Backend
) -> None:
    """The tail the caller kept from the crashed run is in the evidence, made safe."""
    emu.put_group(RG, "loop", group_body(), {"app": Behaviour(run_seconds=5, exit_code=2)})
    emu.advance(11)
    group = await backend.get_group(GroupRef(RG, "loop"))
    tail = ["connecting", "fatal: bad flag \x1b]52;c;aGk=\x07--port"]
    found = diagnose(group, now=emu.now(), previous_tail=tail)
    assert found is not None and found.evidence[-1] == "  fatal: bad flag --port"


async def test_oom_killed_job(emu: Emulator, backend: Backend) -> None:
    """A job ending OOMKilled with 137 reads as 'ran out of memory', with the memory asked for."""
    behaviour = Behaviour(run_seconds=3, exit_code=137, reason="OOMKilled")
    emu.put_group(RG, "report", group_body(policy="Never"), {"app": behaviour})
    emu.advance(4)
    found = await diagnosis_of(emu, backend, "report")
    assert found is not None and found.rule == "oom" and found.severity is Severity.ERROR
    assert found.summary.startswith("app ran out of memory and was killed")
    assert "memory limit: 0.5 GB" in found.evidence


async def test_failed_job_exit_code(emu: Emulator, backend: Backend) -> None:
    """A job that exits 126 says the command could not be run."""
    emu.put_group(
        RG, "job", group_body(policy="Never"), {"app": Behaviour(run_seconds=1, exit_code=126)}
    )
    emu.advance(2)
    found = await diagnosis_of(emu, backend, "job")
    assert found is not None and found.rule == "exited"
    assert "the command could not be run" in found.summary


async def test_slow_pull_is_starting_then_stuck(emu: Emulator, backend: Backend) -> None:
    """A long image pull reads as 'Starting … Pulling', then 'Stuck starting' past 5 minutes."""
    emu.put_group(RG, "big", group_body(), {"app": Behaviour(pull_seconds=3600)}, instant=False)
    emu.advance(30)
    early = await diagnosis_of(emu, backend, "big")
    assert early is not None and early.rule == "provisioning" and early.severity is Severity.INFO
    assert early.summary.startswith("Starting for 30 s") and "pulling image" in early.summary
    emu.advance(600)
    late = await diagnosis_of(emu, backend, "big")
    assert late is not None and late.summary.startswith("Stuck starting for 10 min")
    assert late.severity is Severity.WARNING


async def test_stopped_and_healthy_groups_have_no_line(emu: Emulator, backend: Backend) -> None:
    """A running group and a group stopped by the user (Killing event) get no diagnosis."""
    emu.put_group(RG, "ok", group_body())
    emu.put_group(RG, "off", group_body())
    emu.store.stop_group(RG, "off")
    assert await diagnosis_of(emu, backend, "ok") is None
    assert await diagnosis_of(emu, backend, "off") is None


async def test_image_pull_failure_event(emu: Emulator, backend: Backend) -> None:
    """A 'Failed' pull event with the registry's 401 reads as a credentials problem."""
    emu.put_group(RG, "private", group_body(), instant=False)
    inject(
        emu,
        "private",
        "Failed",
        'Failed to pull image "contosoacr.azurecr.io/api:7": unauthorized: authentication required',
        state="Waiting",
        detail="ErrImagePull",
    )
    found = await diagnosis_of(emu, backend, "private")
    assert found is not None and found.rule == "image-pull", found
    assert "busybox:1.36" in found.summary and "credentials" in found.summary


async def test_liveness_probe_failure_event(emu: Emulator, backend: Backend) -> None:
    """An 'Unhealthy' liveness event on a running container names the liveness probe."""
    emu.put_group(RG, "web", group_body())
    inject(emu, "web", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500")
    found = await diagnosis_of(emu, backend, "web")
    assert found is not None and found.rule == "probe"
    assert found.summary == "app is running but its liveness probe is failing."


async def test_capacity_refusal_event(emu: Emulator, backend: Backend) -> None:
    """A ServiceUnavailable capacity message reads as a capacity refusal, quoting the service."""
    emu.put_group(RG, "gpu", group_body(), instant=False)
    message = (
        "ServiceUnavailable: The requested resource is not available in the location "
        "'westeurope' at this moment. Please retry with a different resource request."
    )
    inject(emu, "gpu", "Failed", message, state="Waiting", detail="")
    found = await diagnosis_of(emu, backend, "gpu")
    assert found is not None and found.rule == "quota", found
    assert "not enough capacity" in found.summary
    assert any("requested resource is not available" in line for line in found.evidence)


def _demo_emulator() -> Emulator:
    return Emulator(seed="demo", clock="manual", live_logs=False)


async def test_every_unhealthy_demo_group_has_a_line() -> None:
    """In the demo fleet the crash loop, OOM job and slow pull are explained; others are quiet."""
    with _demo_emulator() as emu:
        b = load_backend("azure", make_settings(emu))
        try:
            found: dict[str, Any] = {}
            for group in await b.list_groups():
                detailed = await b.get_group(group.ref)
                found[group.name] = diagnose(detailed, now=emu.now())
        finally:
            await b.close()
    rules = {name: d.rule if d else None for name, d in found.items()}
    assert rules == {
        "storefront": None,
        "order-worker": rules["order-worker"],
        "payments-api": None,
        "nightly-report": "oom",
        "invoice-batch": None,
        "ml-inference": "provisioning",
        "win-agent": None,
        "legacy-cron": None,
    }
    assert rules["order-worker"] in ("back-off", "crash-loop")
    assert "worker" in found["order-worker"].summary
    assert "report ran out of memory" in found["nightly-report"].summary
