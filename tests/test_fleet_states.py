"""Headless `groups` on an ARM fleet: live states read only within the budget the user chose."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from acitui.emulator import Emulator
from acitui.fleet_states import DEFAULT_LIMIT


@pytest.fixture(scope="module")
def fleet() -> Iterator[Emulator]:
    with Emulator(groups=DEFAULT_LIMIT + 30, resource_groups=3) as emulator:
        yield emulator


def groups(emu: Emulator, tmp_path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ACITUI_AZURE_TOKEN": emu.token,
        "REQUESTS_CA_BUNDLE": emu.ca_file,
        "HOME": str(tmp_path),
        "ACITUI_CONFIG": str(tmp_path / "none.toml"),
    }
    args = ["--backend", "azure", "--arm-endpoint", emu.endpoint]
    args += ["--subscription", emu.subscription_id, "groups", *flags]
    return subprocess.run(
        [sys.executable, "-m", "acitui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def reads(emu: Emulator) -> int:
    return emu.request_log[("GET", "group")]


def test_a_fleet_over_the_limit_lists_without_a_read_per_group(
    fleet: Emulator, tmp_path: Path
) -> None:
    """230 groups: no per-group GET by default, and stderr says which states were not read."""
    before = reads(fleet)
    run = groups(fleet, tmp_path, "--json", "--verbose")
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert len(rows) == DEFAULT_LIMIT + 30
    assert reads(fleet) == before
    assert f"states of 230 of 230 groups not read (more than {DEFAULT_LIMIT}" in run.stderr
    assert "0 state read(s)" in run.stderr
    assert not any(r["detailed"] for r in rows)


def test_states_flag_reads_every_state_once(fleet: Emulator, tmp_path: Path) -> None:
    """--states reads each group exactly once and every row then has a live state."""
    before = reads(fleet)
    run = groups(fleet, tmp_path, "--json", "--states", "--verbose")
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert reads(fleet) - before == len(rows) == DEFAULT_LIMIT + 30
    assert all(r["detailed"] for r in rows)
    assert f"{len(rows)} state read(s)" in run.stderr
    assert "not read" not in run.stderr


def test_small_listing_reads_states_and_no_states_reads_none(
    fleet: Emulator, tmp_path: Path
) -> None:
    """One resource group (under the limit) gets live states; --no-states makes no read."""
    before = reads(fleet)
    run = groups(fleet, tmp_path, "-g", "acitui-rg-001")
    assert run.returncode == 0, run.stderr
    listed = len(run.stdout.splitlines()) - 1
    assert 0 < listed <= DEFAULT_LIMIT
    assert reads(fleet) - before == listed
    assert "?/" not in run.stdout
    before = reads(fleet)
    run = groups(fleet, tmp_path, "-g", "acitui-rg-001", "--no-states")
    assert run.returncode == 0, run.stderr
    assert reads(fleet) == before
    assert "?/" in run.stdout and "--no-states" in run.stderr
