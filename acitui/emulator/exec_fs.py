"""The small read-only filesystem an emulated container shows to exec: ``/``, ``/etc``, mounts.

Images named like busybox or alpine have no ``/bin/bash`` (as in life), so a client
that tries bash first must fall back to ``/bin/sh``. Secret volumes hold their decoded
files; other volumes are empty directories at their mount paths.
"""

from __future__ import annotations

import base64
import binascii
import posixpath
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

TOP = "bin dev etc home lib media mnt opt proc root run sbin srv sys tmp usr var".split()
PROGRAMS = "sh ls cat echo env printenv hostname pwd uname whoami true stty".split()


@dataclass
class Node:
    """A file (``content`` set) or a directory (``children``)."""

    content: bytes | None = None
    children: dict[str, Node] = field(default_factory=dict)
    mode: str = ""

    @property
    def is_dir(self) -> bool:
        return self.content is None

    def perms(self) -> str:
        if self.mode:
            return self.mode
        return "drwxr-xr-x" if self.is_dir else "-rw-r--r--"


def hostname_for(key: str) -> str:
    """ACI-like sandbox host name, stable for a group."""
    return f"SandboxHost-{638000000000000000 + zlib.crc32(key.encode()) * 1000:d}"


def has_bash(image: str) -> bool:
    name = image.lower()
    return not any(word in name for word in ("busybox", "alpine"))


def _os_release(image: str) -> bytes:
    if "alpine" in image.lower():
        return b'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\n'
    if "busybox" in image.lower():
        return b'NAME="BusyBox"\nID=busybox\n'
    return b'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nID=debian\n'


class FakeFs:
    """A tree of Nodes built from the container's image and volume mounts."""

    def __init__(self, group: dict[str, Any], container: dict[str, Any], hostname: str) -> None:
        self.root = Node()
        for name in TOP:
            self.mkdir("/" + name)
        self.root.children["tmp"].mode = "drwxrwxrwt"
        image = str(container["properties"].get("image", ""))
        programs = PROGRAMS + (["bash"] if has_bash(image) else [])
        for program in programs:
            self.write(f"/bin/{program}", b"\x7fELF", "-rwxr-xr-x")
        self.write("/etc/hostname", f"{hostname}\n".encode())
        self.write("/etc/hosts", f"127.0.0.1\tlocalhost\n::1\tlocalhost\n{hostname}\n".encode())
        self.write("/etc/os-release", _os_release(image))
        volumes = {v["name"]: v for v in group["properties"].get("volumes") or []}
        for mount in container["properties"].get("volumeMounts") or []:
            path = posixpath.normpath("/" + str(mount.get("mountPath", "")).lstrip("/"))
            directory = self.mkdir(path)
            secret = (volumes.get(mount.get("name")) or {}).get("secret") or {}
            for key, value in secret.items():
                try:
                    data = base64.b64decode(str(value), validate=True)
                except (binascii.Error, ValueError):
                    data = str(value).encode()
                directory.children[str(key)] = Node(content=data)

    def mkdir(self, path: str) -> Node:
        node = self.root
        for part in [p for p in path.split("/") if p]:
            child = node.children.get(part)
            if child is None or not child.is_dir:
                child = node.children[part] = Node()
            node = child
        return node

    def write(self, path: str, data: bytes, mode: str = "") -> None:
        parent, name = posixpath.split(path)
        self.mkdir(parent).children[name] = Node(content=data, mode=mode)

    def lookup(self, path: str) -> Node | None:
        node = self.root
        for part in [p for p in posixpath.normpath(path).split("/") if p]:
            if not node.is_dir or part not in node.children:
                return None
            node = node.children[part]
        return node

    def resolve_program(self, command: str) -> str | None:
        """The program a command names (``ls`` or ``/bin/ls``), or None when not found."""
        path = command if "/" in command else f"/bin/{command}"
        node = self.lookup(path)
        if node is None or node.is_dir or not node.perms().startswith("-rwx"):
            return None
        return posixpath.basename(path)


def ls_lines(
    fs: FakeFs, path: str, cwd: str, long: bool, show_all: bool, when: datetime
) -> tuple[list[str], str]:
    """``ls`` of one path: (output lines, error message or "")."""
    full = posixpath.normpath(posixpath.join(cwd, path))
    node = fs.lookup(full)
    if node is None:
        return [], f"ls: {path}: No such file or directory"
    entries = [(posixpath.basename(full) or path, node)] if not node.is_dir else []
    if node.is_dir:
        if show_all:
            entries += [(".", node), ("..", fs.lookup(posixpath.dirname(full)) or node)]
        entries += sorted(node.children.items())
    if not long:
        return [name for name, _ in entries], ""
    stamp = when.strftime("%b %d %H:%M")
    lines = [f"total {len(entries) * 4}"] if node.is_dir else []
    for name, item in entries:
        size = 4096 if item.is_dir else len(item.content or b"")
        links = 2 + sum(1 for c in item.children.values() if c.is_dir) if item.is_dir else 1
        lines.append(f"{item.perms()} {links:4d} root     root     {size:9d} {stamp} {name}")
    return lines, ""
