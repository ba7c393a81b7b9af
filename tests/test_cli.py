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


def _subcommands() -> list[str]:
    from acitui.cli import build_parser
    from acitui.completion import spec_from_parser

    return [c.name for c in spec_from_parser(build_parser()).commands]


@pytest.mark.parametrize("command", _subcommands())
def test_every_command_help_shows_an_example(tmp_path: Path, command: str) -> None:
    """`acitui COMMAND --help` ends with a runnable example of that command."""
    proc = acitui(command, "--help", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    epilog = proc.stdout.rsplit("example", 1)[-1]
    assert "acitui" in epilog and command in epilog


def test_config_path_follows_xdg_and_the_config_flag(tmp_path: Path) -> None:
    """`config path` prints where the file is read from: XDG dir by default, --config wins."""
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path), "ACITUI_CONFIG": ""}
    proc = acitui("config", "path", env=env)
    assert proc.stdout.strip() == str(tmp_path / "xdg" / "acitui" / "config.toml")
    proc = acitui("--config", str(tmp_path / "mine.toml"), "config", "path", env=env)
    assert proc.stdout.strip() == str(tmp_path / "mine.toml")


def test_config_path_works_when_the_file_is_broken(tmp_path: Path) -> None:
    """A broken config file does not stop `config path` from saying where it is."""
    (tmp_path / "config.toml").write_text("backend = [")
    proc = acitui("config", "path", home=tmp_path)
    assert proc.returncode == 0 and proc.stdout.strip() == str(tmp_path / "config.toml")


def test_config_init_writes_a_private_file_and_never_overwrites(tmp_path: Path) -> None:
    """`config init` creates the dir 0700 and file 0600; a second run refuses without --force."""
    target = tmp_path / "new" / "dir" / "config.toml"
    env = {"ACITUI_CONFIG": str(target)}
    proc = acitui("config", "init", env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(target)
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.parent.stat().st_mode & 0o777 == 0o700
    target.write_text('backend = "azure"\n')
    assert_clean_error(acitui("config", "init", env=env), "already exists", "--force")
    assert target.read_text() == 'backend = "azure"\n'
    assert acitui("config", "init", "--force", env=env).returncode == 0
    assert "# backend" in target.read_text()


def test_default_config_changes_nothing_and_every_line_is_valid(tmp_path: Path) -> None:
    """The written file loads as the defaults, and uncommenting each setting is still valid."""
    from acitui.cli_extras import default_config_text
    from acitui.config import Settings, load_settings

    text = default_config_text()
    path = tmp_path / "config.toml"
    path.write_text(text)
    assert load_settings(path, env={}) == Settings(config_path=path)
    uncommented = "\n".join(
        line[2:] if line.startswith("# ") and " = " in line else line for line in text.splitlines()
    )
    path.write_text(uncommented)
    # every default, spelled out; the [keys] example maps refresh to its own default key
    assert load_settings(path, env={}) == Settings(config_path=path, keys={"refresh": "ctrl+r"})
