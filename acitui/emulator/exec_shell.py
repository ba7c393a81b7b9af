"""The process an emulated exec runs: a small shell behind a pty-like line discipline.

ACI runs exactly one process named by ``command``, with no arguments: ``ls -la`` is
looked up as a program called "ls -la" and fails as the service fails. ``/bin/sh``,
``/bin/bash`` (not on busybox/alpine images) and ``cmd.exe`` (Windows groups) start a
shell that echoes what is typed, as a terminal in raw mode expects, and answers
``echo``, ``ls [-la]``, ``cd``, ``pwd``, ``env``/``printenv``, ``export``, ``cat``,
``hostname``, ``uname``, ``whoami``, ``stty size`` and ``exit``. Other programs in
``/bin`` (``ls``, ``env``…) run once and end the session. The environment is the
container's own, secure values included: this is inside the container.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from datetime import datetime
from typing import Any

from acitui.emulator.exec_fs import FakeFs, ls_lines

MAX_LINE = 4096
_VAR_RE = re.compile(r"\$(\?|\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)")
WINDOWS_SHELLS = {"cmd.exe", "cmd", "c:\\windows\\system32\\cmd.exe"}


def not_found(command: str) -> str:
    """What ACI prints when the command names no executable (e.g. it has arguments)."""
    quoted = command.replace('"', '\\"')
    return (
        "rpc error: code = 2 desc = oci runtime error: exec failed: container_linux.go:247: "
        f'starting container process caused "exec: \\"{quoted}\\": executable file not found '
        'in $PATH"\r\n'
    )


def container_env(container: dict[str, Any], hostname: str, windows: bool) -> dict[str, str]:
    """The process environment: the image's basics plus every variable, secure ones too."""
    if windows:
        env = {"COMPUTERNAME": hostname, "PATH": "C:\\Windows\\system32;C:\\Windows"}
    else:
        env = {
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOSTNAME": hostname,
            "HOME": "/root",
            "TERM": "xterm",
        }
    for var in container["properties"].get("environmentVariables") or []:
        value = var.get("secureValue", var.get("value", ""))
        env[str(var["name"])] = "" if value is None else str(value)
    return env


class Shell:
    """One exec'd process. ``start()`` and ``feed()`` return (output, finished)."""

    def __init__(
        self,
        command: str,
        group: dict[str, Any],
        container: dict[str, Any],
        hostname: str,
        size: tuple[int, int],
        when: datetime,
    ) -> None:
        self.command = command
        self.windows = group["properties"].get("osType") == "Windows"
        self.fs = FakeFs(group, container, hostname)
        self.hostname = hostname
        self.rows, self.cols = size
        self.when = when
        self.env = container_env(container, hostname, self.windows)
        self.cwd = "C:\\" if self.windows else "/"
        self.status = 0
        self.line = ""
        self._esc = 0
        self._last = ""
        self.program = ""

    # -- start ---------------------------------------------------------------------
    def start(self) -> tuple[str, bool]:
        if self.windows:
            if self.command.strip().lower() not in WINDOWS_SHELLS:
                return not_found(self.command), True
            self.program = "cmd"
            banner = (
                "Microsoft Windows [Version 10.0.20348.2340]\r\n"
                "(c) Microsoft Corporation. All rights reserved.\r\n\r\n"
            )
            return banner + self.prompt(), False
        program = self.fs.resolve_program(self.command)
        if program is None or any(ch.isspace() for ch in self.command):
            return not_found(self.command), True
        self.program = program
        if program in ("sh", "bash"):
            return self.prompt(), False
        out, _ = self.run([program])
        return out, True

    def prompt(self) -> str:
        if self.program == "cmd":
            return f"{self.cwd}>"
        if self.program == "bash":
            return f"root@{self.hostname}:{self.cwd}# "
        return f"{self.cwd} # "

    # -- the line discipline -----------------------------------------------------
    def feed(self, data: str) -> tuple[str, bool]:
        """Take typed input; echo it, run complete lines, return what the terminal shows."""
        out: list[str] = []
        for ch in data:
            last, self._last = self._last, ch
            if self._esc == 1:  # after ESC: a CSI/SS3 introducer, or a two-byte sequence
                self._esc = 2 if ch in "[O" else 0
                continue
            if self._esc == 2:  # inside CSI: parameters until the final byte
                self._esc = 0 if "@" <= ch <= "~" else 2
                continue
            if ch == "\x1b":
                self._esc = 1
            elif ch == "\r" or (ch == "\n" and last != "\r"):
                out.append("\r\n")
                line, self.line = self.line, ""
                text, finished = self.execute(line)
                out.append(text)
                if finished:
                    return "".join(out), True
                out.append(self.prompt())
            elif ch in "\x7f\b":
                if self.line:
                    self.line = self.line[:-1]
                    out.append("\b \b")
            elif ch == "\x03":
                self.line = ""
                out.append("^C\r\n" + self.prompt())
            elif ch == "\x04" and not self.line and not self.windows:
                out.append("exit\r\n" if self.program == "bash" else "\r\n")
                return "".join(out), True
            elif ch >= " " and len(self.line) < MAX_LINE:
                self.line += ch
                out.append(ch)
        return "".join(out), False

    # -- commands ------------------------------------------------------------------
    def execute(self, line: str) -> tuple[str, bool]:
        if self.windows:
            return self.cmd_exe(line.strip())
        try:
            words = shlex.split(self.expand(line))
        except ValueError:
            self.status = 2
            return f"{self.program}: syntax error: unterminated quoted string\r\n", False
        if not words:
            return "", False
        if words[0] == "exit":
            return "", True
        return self.run(words)

    def expand(self, line: str) -> str:
        """``$NAME``, ``${NAME}`` and ``$?`` outside single quotes."""

        def value(match: re.Match[str]) -> str:
            name = match.group(1).strip("{}")
            found = str(self.status) if name == "?" else self.env.get(name, "")
            return shlex.quote(found) if found else ""

        parts = re.split(r"('[^']*')", line)
        return "".join(p if p.startswith("'") else _VAR_RE.sub(value, p) for p in parts)

    def run(self, words: list[str]) -> tuple[str, bool]:
        """Run one command; returns (output with CRLF, False)."""
        name, args = posixpath.basename(words[0]), words[1:]
        lines, errors = self.builtin(name, args)
        self.status = 1 if errors else 0
        if lines is None:
            self.status = 127
            if self.program == "bash":
                errors = [f"bash: {words[0]}: command not found"]
            else:
                errors = [f"sh: {words[0]}: not found"]
            lines = []
        return "".join(line + "\r\n" for line in lines + errors), False

    def builtin(self, name: str, args: list[str]) -> tuple[list[str] | None, list[str]]:
        """(output lines, error lines); None lines when there is no such command."""
        if name == "echo":
            return [" ".join(args)], []
        if name in ("env", "printenv"):
            if args:
                return [self.env[a] for a in args if a in self.env], []
            return [f"{k}={v}" for k, v in self.env.items()], []
        if name == "export":
            for arg in args:
                key, _, value = arg.partition("=")
                self.env[key] = value
            return [], []
        if name == "hostname":
            return [self.hostname], []
        if name == "pwd":
            return [self.cwd], []
        if name in ("uname", "whoami", "true"):
            return {"uname": ["Linux"], "whoami": ["root"], "true": []}[name], []
        if name == "stty":
            return ([f"{self.rows} {self.cols}"] if args == ["size"] else []), []
        if name == "cd":
            target = posixpath.normpath(posixpath.join(self.cwd, args[0] if args else "/root"))
            node = self.fs.lookup(target)
            if node is None or not node.is_dir:
                return [], [f"{self.program}: cd: can't cd to {args[0] if args else '/root'}"]
            self.cwd = target
            return [], []
        if name == "cat":
            return self.cat(args)
        if name == "ls":
            return self.ls(args)
        return None, []

    def cat(self, args: list[str]) -> tuple[list[str], list[str]]:
        out, errors = [], []
        for arg in args:
            node = self.fs.lookup(posixpath.join(self.cwd, arg))
            if node is None:
                errors.append(f"cat: can't open '{arg}': No such file or directory")
            elif node.is_dir:
                errors.append("cat: read error: Is a directory")
            else:
                text = (node.content or b"").decode("utf-8", "replace")
                out.extend(text.splitlines())
        return out, errors

    def ls(self, args: list[str]) -> tuple[list[str], list[str]]:
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        paths = [a for a in args if not a.startswith("-")] or ["."]
        out, errors = [], []
        for path in paths:
            lines, error = ls_lines(self.fs, path, self.cwd, "l" in flags, "a" in flags, self.when)
            if error:
                errors.append(error)
                continue
            if len(paths) > 1:
                out.append(f"{path}:")
            out.extend(lines if "l" in flags else ["  ".join(lines)] if lines else [])
        return out, errors

    def cmd_exe(self, line: str) -> tuple[str, bool]:
        word, _, rest = line.partition(" ")
        word = word.lower()
        if not word:
            return "", False
        if word == "exit":
            return "", True
        if word == "echo":
            return (rest or "ECHO is on.") + "\r\n", False
        if word == "set":
            return "".join(f"{k}={v}\r\n" for k, v in sorted(self.env.items())), False
        if word == "hostname":
            return self.hostname + "\r\n", False
        if word == "cd":
            return self.cwd + "\r\n", False
        return (
            f"'{word}' is not recognized as an internal or external command,\r\n"
            "operable program or batch file.\r\n"
        ), False
