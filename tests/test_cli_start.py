"""The CLI parses the TUI's start without the other commands' modules, and still reports all."""

from __future__ import annotations

import subprocess
import sys

import pytest

from acitui.cli import parse
from tests.test_cli import acitui

OTHER_MODULES = (
    "acitui.commands_aci",
    "acitui.commands_metrics",
    "acitui.manage_cli",
    "acitui.cli_extras",
    "acitui.exec_cli",
)

CHECK = """
import sys
from acitui.cli import parse
args, full = parse(sys.argv[1:])
print(args.command, full is not None, [m for m in {mods!r} if m in sys.modules])
"""


def parsed_alone(*argv: str) -> str:
    code = CHECK.format(mods=OTHER_MODULES)
    proc = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_tui_start_needs_no_other_command_module() -> None:
    """`acitui --read-only --theme x` (the TUI) parses without importing any command module."""
    assert parsed_alone("--read-only", "--theme", "x") == "None False []"


def test_commands_of_other_modules_still_parse() -> None:
    """`ngroups`, `top`, `config` and `exec` are parsed by the full parser, as before."""
    for argv, command in (
        (["ngroups"], "ngroups"),
        (["top"], "top"),
        (["config", "path"], "config"),
        (["--demo", "groups", "--json"], "groups"),
    ):
        args, _ = parse(argv)
        assert args.command == command


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["bogus"], "invalid choice: 'bogus'"),
        (["--backend", "nosuch"], "invalid choice: 'nosuch'"),
        (["groups", "--nosuch"], "unrecognized arguments: --nosuch"),
    ],
)
def test_mistakes_are_reported_with_every_command(argv: list[str], needle: str) -> None:
    """A mistake gets argparse's usage error, listing every command (the full parser's)."""
    proc = acitui(*argv)
    assert proc.returncode == 2
    assert needle in proc.stderr and "Traceback" not in proc.stderr
    if argv == ["bogus"]:
        assert "'ngroups'" in proc.stderr and "'completion'" in proc.stderr


def test_help_lists_every_command() -> None:
    """`acitui --help` lists the commands of the other modules too, printed once."""
    proc = acitui("--help")
    assert proc.returncode == 0
    for command in ("ngroups", "top", "config", "exec", "groups"):
        assert command in proc.stdout
    assert proc.stdout.count("usage: acitui") == 1
