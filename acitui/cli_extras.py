"""``acitui config path|init`` and ``acitui completion bash|zsh|fish``.

These commands work on a broken or missing config file (that is when they are needed), so
they run before settings are loaded.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path

from acitui.backends import descriptors
from acitui.config import UiSettings, default_config_path
from acitui.errors import InvalidInputError

EXTRA_COMMANDS = ("config", "completion")
#: Notes for the [ui] section; each backend's section brings its own (its descriptor).
_NOTES = {
    "theme": "acitui-dark, acitui-light, acitui-high-contrast, acitui-ansi",
    "log_cap": "lines kept per log view",
    "log_tail": "lines fetched when a log opens",
}


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return repr(value)


def _section(
    cls: type, notes: Mapping[str, str] = _NOTES, skip: frozenset[str] = frozenset()
) -> list[str]:
    lines = []
    defaults = cls()
    for f in dataclasses.fields(cls):
        if f.name in skip:  # never in a file: a token comes from the environment or a sign-in
            continue
        line = f"# {f.name} = {_toml(getattr(defaults, f.name))}"
        note = notes.get(f.name)
        lines.append(f"{line:<40} # {note}" if note else line)
    return lines


def default_config_text() -> str:
    """A config file that changes nothing: every setting commented out, at its default."""
    lines = [
        "# acitui settings. Order: defaults < this file < environment (ACITUI_*) < flags.",
        "# Uncomment a line to change it; unknown keys and bad values stop acitui with a message.",
        "",
        '# backend = "docker"                     # or "azure"',
        "# read_only = false                      # refuse start/stop/restart/delete",
        "",
    ]
    for backend in descriptors():
        lines += [
            f"[{backend.name}]",
            *_section(backend.settings_cls, backend.notes, backend.not_in_file),
            "",
        ]
    lines += [
        "[ui]",
        *_section(UiSettings),
        "",
        "[keys]",
        "# Remap a key by its binding id (the help screen, ?, lists them):",
        '# refresh = "ctrl+r"',
        "",
    ]
    return "\n".join(lines)


def config_path(args: argparse.Namespace) -> Path:
    """``--config`` if given, else ACITUI_CONFIG, else the platform's config dir."""
    explicit = getattr(args, "config", None)
    return Path(explicit) if explicit else default_config_path()


def write_default_config(path: Path, *, force: bool = False) -> None:
    """Write the commented default config: new directories 0700, the file 0600."""
    if path.exists() and not force:
        raise InvalidInputError(
            f"{path} already exists", hint="Pass --force to replace it with the defaults."
        )
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            os.fchmod(out.fileno(), 0o600)
            out.write(default_config_text())
    except OSError as exc:
        raise InvalidInputError(f"Cannot write {path}: {exc.strerror or exc}") from None


def add_extra_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
    formatter: type[argparse.HelpFormatter],
) -> None:
    """Register ``config`` and ``completion`` on the main parser's subcommands."""
    config = sub.add_parser(
        "config",
        help="where the config file is; write a commented default one",
        parents=[common],
        formatter_class=formatter,
        epilog='example:\n  acitui config init && $EDITOR "$(acitui config path)"',
    )
    actions = config.add_subparsers(dest="config_action", metavar="ACTION", required=True)
    actions.add_parser(
        "path",
        help="print the config file's path",
        formatter_class=formatter,
        epilog="example:\n  acitui config path",
    )
    init = actions.add_parser(
        "init",
        help="write a commented default config file",
        formatter_class=formatter,
        epilog="example:\n  acitui config init --force",
    )
    init.add_argument("--force", action="store_true", help="replace an existing file")
    completion = sub.add_parser(
        "completion",
        help="print a shell completion script",
        formatter_class=formatter,
        epilog="examples:\n"
        "  source <(acitui completion bash)                 # in ~/.bashrc\n"
        "  acitui completion zsh > ~/.zfunc/_acitui         # a directory in $fpath\n"
        "  acitui completion fish > ~/.config/fish/completions/acitui.fish",
    )
    completion.add_argument("shell", choices=["bash", "zsh", "fish"])


def run_extra(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run ``config …`` or ``completion …``; data on stdout."""
    if args.command == "completion":
        from acitui.completion import completion_script

        print(completion_script(args.shell, parser), end="")
        return 0
    path = config_path(args)
    if args.config_action == "init":
        write_default_config(path, force=args.force)
    print(path)
    return 0
