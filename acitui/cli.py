"""Command line: ``acitui`` starts the TUI; subcommands are headless checks.

Data goes to stdout, diagnostics to stderr; exit codes come from
:mod:`acitui.errors` (each error kind has its own). No traceback reaches the
user: every AcituiError is one line on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from acitui import __version__
from acitui.backends import descriptors
from acitui.cli_command import add_command
from acitui.config import Settings, load_settings
from acitui.errors import EXIT_INTERRUPTED, AcituiError


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options accepted before or after the subcommand; each backend adds its own."""
    d: dict[str, Any] = {"default": argparse.SUPPRESS} if suppress else {}
    backends = descriptors()
    parser.add_argument(
        "--backend",
        choices=[b.name for b in backends],
        help="; ".join(f"{b.name}: {b.summary}" for b in backends) + " (default: docker)",
        **d,
    )
    parser.add_argument(
        "--demo", action="store_true", help="run on the built-in ACI emulator's demo fleet", **d
    )
    parser.add_argument(
        "--read-only", action="store_true", help="refuse start/stop/restart/delete", **d
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output", **d)
    parser.add_argument("--config", metavar="FILE", help="config file (TOML)", **d)
    parser.add_argument("--theme", help="TUI theme name", **d)
    for backend in backends:
        for option in backend.options:
            option.add_to(parser, suppress=suppress)


#: One example per command, shown at the end of its --help.
EXAMPLES = {
    "resource-groups": "acitui --backend azure resource-groups",
    "groups": "acitui --demo groups -g shop-prod",
    "show": "acitui --demo show shop-prod/storefront",
    "events": "acitui --demo events shop-prod/order-worker",
    "env": "acitui --demo env shop-prod/payments-api",
    "logs": "acitui --demo logs shop-prod/storefront -c web --tail 50 --timestamps",
    "start": "acitui start local/web",
    "stop": "acitui --backend azure stop shop-prod/storefront",
    "restart": "acitui restart local/web",
    "delete": "acitui delete local/old-job --yes",
    "subscriptions": "acitui --backend azure subscriptions --json",
    "exec": "acitui --demo exec shop-prod/storefront -c web -- ls -la /",
}
_FORMAT = argparse.RawDescriptionHelpFormatter


def tail_count(text: str) -> int:
    """``--tail N``: a whole number ≥ 0 (a negative tail would silently print nothing)."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if count < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {count}")
    return count


class _Unanswered(Exception):
    """The quick parse cannot answer this command line; the full parser will."""


class _QuickParser(argparse.ArgumentParser):
    """Raises instead of printing an error and exiting: :func:`parse` then asks the full one."""

    def error(self, message: str) -> NoReturn:
        raise _Unanswered(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise _Unanswered(message or "")


#: Options that print (help, version): always answered by the full parser.
PRINTING = frozenset({"-h", "--help", "--version"})


def parse(argv: list[str]) -> tuple[argparse.Namespace, argparse.ArgumentParser | None]:
    """Parse without importing the commands of other modules when argv names none of them.

    The TUI's start (no command) and the commands defined here need none of those
    modules (~15 ms of imports). Anything the quick parse cannot answer — another
    command, a mistake, help — is parsed again by the full parser, which reports it.
    Returns the namespace and the full parser if it was built.
    """
    if not PRINTING.intersection(argv):
        try:
            return build_parser(everything=False).parse_args(argv), None
        except _Unanswered:
            pass
    parser = build_parser()
    return parser.parse_args(argv), parser


def build_parser(*, everything: bool = True) -> argparse.ArgumentParser:
    """Every command's parser; ``everything=False``: only those defined here, raising on errors."""
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, suppress=True)
    parser = (argparse.ArgumentParser if everything else _QuickParser)(
        prog="acitui",
        description="Container groups on Azure Container Instances and local Docker. "
        "Without a command, starts the terminal UI.",
        formatter_class=_FORMAT,
        epilog="examples:\n  acitui --demo          # the TUI on the built-in demo fleet\n"
        "  acitui groups --json   # the local Docker engine's groups, headless",
    )
    _global_options(parser, suppress=False)
    parser.add_argument("--version", action="version", version=f"acitui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_: str, ref: bool = False) -> argparse.ArgumentParser:
        p = add_command(sub, common, _FORMAT, name, help_, examples=EXAMPLES)
        if ref:
            p.add_argument("ref", metavar="RG/NAME", help="resource group / group name")
        return p

    add("resource-groups", "list resource groups")
    groups = add("groups", "list container groups")
    groups.add_argument("-g", "--resource-group", metavar="RG")
    states = groups.add_mutually_exclusive_group()
    states.add_argument(
        "--states",
        action="store_true",
        default=None,
        help="read every group's live state (one read per group; default: only when the "
        "listing needs 200 reads or fewer)",
    )
    states.add_argument(
        "--no-states",
        "--no-detail",
        dest="states",
        action="store_false",
        help="print what the list says, with no read per group",
    )
    groups.add_argument("--verbose", action="store_true", help="say how many reads were made")
    add("show", "one group in full", ref=True)
    add("events", "events of a group, newest first", ref=True)
    add("env", "environment variables (masked)", ref=True).add_argument(
        "--reveal", action="store_true", help="print plain values (secure ones never come back)"
    )
    logs = add("logs", "a container's log", ref=True)
    logs.add_argument("-c", "--container", help="container (default: the first)")
    logs.add_argument("--tail", type=tail_count, default=None, metavar="N", help="last N lines")
    logs.add_argument("--timestamps", action="store_true")
    logs.add_argument("-f", "--follow", action="store_true", help="keep printing new lines")
    for verb in ("start", "stop", "restart"):
        add(verb, f"{verb} every container of a group", ref=True)
    add("delete", "delete a group", ref=True).add_argument(
        "--yes", action="store_true", help="do not ask for confirmation"
    )
    add("subscriptions", "list Azure subscriptions")
    if everything:
        from acitui.cli_extras import add_extra_commands
        from acitui.commands_aci import add_aci_commands
        from acitui.commands_metrics import add_metrics_commands
        from acitui.exec_cli import add_exec_command
        from acitui.manage_cli import add_manage_commands

        add_aci_commands(sub, common, _FORMAT)  # ngroups, ngroup, profiles, quota (issue 16)
        add_exec_command(sub, common, _FORMAT)
        add_metrics_commands(sub, common, _FORMAT)  # top, stats (issue 15)
        add_manage_commands(sub, common, _FORMAT)
        add_extra_commands(sub, common, _FORMAT)
    sub.add_parser(
        "emulator", help="run the local ACI emulator (see acitui emulator --help)", add_help=False
    )
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Defaults ← config file ← environment ← flags."""
    path = Path(args.config) if getattr(args, "config", None) else None
    settings = load_settings(path)
    if getattr(args, "backend", None):
        settings = replace(settings, backend=args.backend)
    if getattr(args, "read_only", False):
        settings = replace(settings, read_only=True)
    if getattr(args, "demo", False):
        settings = replace(settings, demo=True)
    if getattr(args, "theme", None):
        settings = replace(settings, ui=replace(settings.ui, theme=args.theme))
    sections = {}
    for backend in descriptors():
        section = settings.section(backend.name)
        for option in backend.options:
            section = option.apply(section, args)
        sections[backend.name] = section
    return replace(settings, sections=sections)


def _print_error(err: AcituiError) -> None:
    from acitui.sanitize import sanitize  # messages repeat names and provider text

    print(f"acitui: {sanitize(err.one_line())}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "emulator":
        from acitui.emulator.cli import main as emulator_main

        return emulator_main(argv[1:])
    command = None
    if "--" in argv:
        from acitui.exec_cli import split_command

        argv, command = split_command(argv)  # exec's `-- CMD ARGS` never meets argparse
    args, parser = parse(argv)
    if command is not None:
        args.cmd = command
    emulator = None
    try:
        if parser is not None:  # only the full parser knows config and completion
            from acitui.cli_extras import EXTRA_COMMANDS, run_extra

            if args.command in EXTRA_COMMANDS:  # before settings: they must work on a broken file
                return run_extra(args, parser)
        settings = settings_from_args(args)
        if settings.demo:
            from acitui.emulator.demo import start_demo

            settings, emulator = start_demo(settings)
        if args.command is None:
            from acitui.first_listing import start_first_listing

            first = start_first_listing(settings)  # the backend lists while Textual loads
            from acitui.ui.app import run_app

            return run_app(settings, first)
        from acitui.commands import run_command

        return asyncio.run(run_command(args, settings))
    except AcituiError as err:
        _print_error(err)
        return err.exit_code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # stdout closed early (e.g. piped into head): not an error for the user.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # last resort: one line, never a traceback (unless asked)
        if os.environ.get("ACITUI_DEBUG"):
            raise
        from acitui.sanitize import sanitize

        print(
            f"acitui: unexpected error: {type(exc).__name__}: {sanitize(str(exc))[:500]} "
            "(set ACITUI_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        return 1
    finally:
        if emulator is not None:
            emulator.stop()
