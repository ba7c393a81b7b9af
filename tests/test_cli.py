"""Headless commands: clear one-line errors, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def acitui(
    *args: str, env: dict[str, str] | None = None, home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    if home is not None:
        full_env["HOME"] = str(home)
        full_env["ACITUI_CONFIG"] = str(home / "config.toml")
    return subprocess.run(
        [sys.executable, "-m", "acitui", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def assert_clean_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0]


def test_bad_group_reference_says_how_to_write_it(tmp_path: Path) -> None:
    """`show web` (no resource group) explains the RG/NAME form."""
    proc = acitui("show", "web", home=tmp_path)
    assert_clean_error(proc, "RESOURCE_GROUP/NAME")
    assert proc.returncode == 2


def test_malformed_config_file_is_one_clear_line(tmp_path: Path) -> None:
    """A broken config file names itself instead of crashing."""
    (tmp_path / "config.toml").write_text("backend = [")
    proc = acitui("groups", home=tmp_path)
    assert_clean_error(proc, "config.toml", "not valid TOML")


def test_no_docker_engine_is_one_clear_line(tmp_path: Path) -> None:
    """With no engine at DOCKER_HOST, `groups` says so and how to fix it."""
    proc = acitui("groups", env={"DOCKER_HOST": f"unix://{tmp_path}/missing.sock"}, home=tmp_path)
    assert_clean_error(proc, "Docker")
    assert proc.returncode == 4


def test_delete_without_a_terminal_needs_yes(tmp_path: Path) -> None:
    """Scripts must say --yes: delete never proceeds silently without confirmation."""
    proc = acitui(
        "--read-only",
        "delete",
        "local/nothing-here",
        home=tmp_path,
        env={"DOCKER_HOST": f"unix://{tmp_path}/missing.sock"},
    )
    assert proc.returncode != 0 and "Traceback" not in proc.stderr


def test_help_lists_every_command(tmp_path: Path) -> None:
    """`--help` shows the headless commands."""
    proc = acitui("--help", home=tmp_path)
    assert proc.returncode == 0
    for cmd in ("groups", "show", "events", "env", "logs", "restart", "delete", "emulator"):
        assert cmd in proc.stdout


@pytest.mark.parametrize("flag_first", [True, False])
def test_global_flags_work_before_or_after_the_command(tmp_path: Path, flag_first: bool) -> None:
    """`--json` is accepted on either side of the subcommand."""
    args = ["--json", "show", "bad"] if flag_first else ["show", "bad", "--json"]
    assert_clean_error(acitui(*args, home=tmp_path), "RESOURCE_GROUP/NAME")
