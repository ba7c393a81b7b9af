"""ACI volumes as Docker volumes: emptyDir, secret, gitRepo and azureFile.

Each group volume is a named Docker volume labelled with its group (removed with
it); an azureFile share is one volume per resource group and share name, kept when
a group goes (several groups may mount it, as on Azure). Secret files and a cloned
repository are unpacked into the volume through a helper container that is created,
never started, and removed. Paths from the file stay inside the volume.
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from typing import Any

import docker.errors

from acitui.backends.docker.grouping import LABEL_GROUP, LABEL_RG
from acitui.errors import InvalidInputError
from acitui.model import GroupRef
from acitui.spec.model import GroupSpec, VolumeSpec


def volume_name(ref: GroupRef, volume: str) -> str:
    """The engine's name for a group's volume (unique per resource group and group)."""
    safe = "".join(ch if ch.isalnum() or ch in "_.-" else "-" for ch in f"{ref}-{volume}")
    return f"acitui-{safe}".lower()


def docker_volume(ref: GroupRef, v: VolumeSpec) -> str:
    """The Docker volume a group's volume is: its own, or the resource group's share."""
    if v.kind == "azureFile":
        share = str(v.detail.get("shareName") or v.name)
        return volume_name(GroupRef(ref.resource_group, "azurefile"), share)
    return volume_name(ref, v.name)


def _relative(name: str, what: str) -> str:
    """A plain relative path inside a volume (no ``..``, not absolute), or InvalidInputError."""
    parts = [p for p in str(name).split("/") if p not in ("", ".")]
    if not parts or ".." in parts or str(name).startswith("/"):
        raise InvalidInputError(f"The {what} {name!r} is not a plain relative path")
    return "/".join(parts)


def _decode(name: str, value: object) -> bytes:
    try:
        return base64.b64decode(str(value), validate=True)
    except ValueError:
        raise InvalidInputError(f"The secret file {name!r} is not valid base64") from None


class GroupVolumes:
    """Creates a group's volumes; ``made`` lists the ones to remove if creation fails."""

    def __init__(self, api: Any, ref: GroupRef, spec: GroupSpec, warn: Callable[[str], None]):
        self.api, self.ref, self.spec, self.warn = api, ref, spec, warn
        self.made: list[str] = []

    def create(self, v: VolumeSpec) -> None:
        name = docker_volume(self.ref, v)
        labels = {LABEL_GROUP: self.ref.name, LABEL_RG: self.ref.resource_group}
        if v.kind == "azureFile":
            self.api.create_volume(name, labels={LABEL_RG: self.ref.resource_group})
            return
        self.api.create_volume(name, labels=labels)
        self.made.append(name)
        if v.kind == "secret":
            files = {_relative(k, "secret file"): _decode(k, b) for k, b in v.detail.items()}
            self._fill(name, files)
        elif v.kind == "gitRepo":
            self._clone(name, v)

    def _fill(self, volume: str, files: dict[str, bytes]) -> None:
        """Write a secret volume's files (read-only to their owner)."""
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            for fname, data in files.items():
                info = tarfile.TarInfo(fname)
                info.size, info.mode = len(data), 0o400
                tar.addfile(info, io.BytesIO(data))
        self._put(volume, buffer.getvalue())

    def _put(self, volume: str, archive: bytes) -> None:
        """Unpack a tar into a volume through a created (never started) helper container."""
        binds = self.api.create_host_config(binds=[f"{volume}:/v"])
        image = self.spec.containers[0].image
        helper = self.api.create_container(image, command=["true"], host_config=binds)["Id"]
        try:
            self.api.put_archive(helper, "/v", archive)
        finally:
            self.api.remove_container(helper, force=True)

    def _clone(self, volume: str, v: VolumeSpec) -> None:
        git = shutil.which("git")
        repo = str(v.detail.get("repository") or "")
        if git is None or not repo:
            self.warn(f"gitRepo volume {v.name!r}: git is not installed here, left empty")
            return
        directory = _relative(str(v.detail.get("directory") or "repo"), "gitRepo directory")
        revision = str(v.detail.get("revision") or "")
        with tempfile.TemporaryDirectory() as tmp:
            # never an option, never the ext:: transport (it runs commands)
            safe = [git, "-c", "protocol.ext.allow=never"]
            clone = [*safe, "clone", "--quiet", "--", repo, f"{tmp}/repo"]
            if subprocess.run(clone, capture_output=True, timeout=300).returncode != 0:
                self.warn(f"gitRepo volume {v.name!r}: clone of {repo} failed, left empty")
                return
            if revision and not revision.startswith("-"):
                checkout = [*safe, "-C", f"{tmp}/repo", "checkout", "-q", revision]
                if subprocess.run(checkout, capture_output=True, timeout=120).returncode != 0:
                    self.warn(f"gitRepo volume {v.name!r}: revision {revision} not found")
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w") as tar:
                tar.add(f"{tmp}/repo", arcname=directory)
            self._put(volume, buffer.getvalue())


def remove_group_volumes(api: Any, ref: GroupRef) -> None:
    """The group's own volumes (not azureFile shares, which outlive it)."""
    wanted = [f"{LABEL_GROUP}={ref.name}", f"{LABEL_RG}={ref.resource_group}"]
    found = api.volumes(filters={"label": wanted})
    for v in (found or {}).get("Volumes") or []:
        if v["Name"].startswith(volume_name(ref, "")):
            try:
                api.remove_volume(v["Name"], force=True)
            except docker.errors.APIError:
                pass
