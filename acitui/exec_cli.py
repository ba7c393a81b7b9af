"""``acitui exec RG/NAME [-c C] [-- CMD …]``: a shell or a command inside a container."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from acitui.backends.base import Backend
from acitui.cli_command import add_command
from acitui.errors import EXIT_OK, InvalidInputError
from acitui.exec_term import fixed_size_note, pump, terminal_size
from acitui.model import GroupRef
from acitui.sanitize import sanitize

EXAMPLE = "acitui --demo exec shop-prod/storefront -c web -- ls -la /"


def add_exec_command(sub: Any, common: argparse.ArgumentParser, fmt: Any) -> None:
    """Register ``exec`` on the CLI's subparsers."""
    p = add_command(
        sub,
        common,
        fmt,
        "exec",
        "a shell (or -- CMD ARGS) inside a container",
        examples={"exec": EXAMPLE},
        usage="acitui exec RG/NAME [-c CONTAINER] [-- CMD ARGS …]",
        description="Interactive when stdin and stdout are a terminal; otherwise the command's "
        "output is streamed and its exit code returned (where the backend reports it; ACI "
        "does not). On ACI a shell is started and the command typed into it.",
    )
    p.add_argument("ref", metavar="RG/NAME", help="resource group / group name")
    p.add_argument("-c", "--container", help="container (default: the first)")
    p.set_defaults(cmd=None)  # what follows ``--``: split off by :func:`split_command`


def split_command(argv: list[str]) -> tuple[list[str], list[str] | None]:
    """``… exec RG/NAME -- CMD ARGS`` → (the options, [CMD, ARGS]); argparse never sees CMD."""
    if "--" not in argv:
        return argv, None
    cut = argv.index("--")
    if "exec" not in argv[:cut]:
        return argv, None
    return argv[:cut], argv[cut + 1 :]


async def run_exec(backend: Backend, args: argparse.Namespace) -> int:
    """Open the session, connect it to this terminal or these pipes; the command's exit code."""
    ref = GroupRef.parse(args.ref)
    command: list[str] | None = args.cmd
    if command == []:
        raise InvalidInputError("Nothing after --", hint="acitui exec RG/NAME -- CMD ARGS")
    container = args.container or await first_container(backend, ref)
    interactive = os.isatty(sys.stdin.fileno()) and os.isatty(sys.stdout.fileno())
    size = terminal_size(sys.stdout.fileno())
    session = await backend.open_exec(ref, container, command, tty=interactive, size=size)
    try:
        if interactive and not session.resizable:
            sys.stderr.write(fixed_size_note(*size))
            sys.stderr.flush()
        code = await pump(session)
    finally:
        await session.close()
    return EXIT_OK if code is None else code


async def first_container(backend: Backend, ref: GroupRef) -> str:
    """The group's first container (NotFoundError from the backend when there is no group)."""
    group = await backend.get_group(ref)
    if not group.containers:
        raise InvalidInputError(f"{sanitize(str(ref))} has no containers")
    return group.containers[0].name
