"""Neutral models of the newer ACI resources: NGroups, container group profiles, quota.

Standard library only, like :mod:`acitui.model`. Strings are stored raw and
sanitised where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from acitui.model import GroupRef, ProfileRef


@dataclass(frozen=True, slots=True)
class NGroup:
    """An NGroup: it keeps ``desired_count`` container groups made from one profile revision."""

    name: str
    resource_group: str
    location: str = ""
    desired_count: int | None = None
    maintain_desired_count: bool = False
    update_mode: str = ""  # Manual | Rolling
    zones: tuple[str, ...] = ()
    profile: ProfileRef | None = None
    members: tuple[str, ...] = ()  # container group names
    running: int = 0  # members whose state is Running
    provisioning_state: str = ""
    id: str = ""


@dataclass(frozen=True, slots=True)
class GroupProfile:
    """A container group profile at one revision (the newest when listed)."""

    name: str
    resource_group: str
    location: str = ""
    revision: int | None = None
    revisions: tuple[int, ...] = ()
    containers: tuple[str, ...] = ()  # container name → image, as "name=image"
    sku: str = ""
    priority: str = ""
    id: str = ""


@dataclass(frozen=True, slots=True)
class Usage:
    """One quota line of a location: ``current`` of ``limit`` (e.g. StandardCores 96/100)."""

    location: str
    name: str
    current: float
    limit: float
    unit: str = "Count"


@runtime_checkable
class AciResources(Protocol):
    """What a backend offers for NGroups, profiles and quota (the Azure backend does).

    Faces test ``isinstance(backend, AciResources)`` and hide or refuse what is missing.
    """

    async def api_version(self) -> str: ...
    async def list_ngroups(self, resource_group: str | None = None) -> list[NGroup]: ...
    async def ngroup_action(self, verb: str, ref: GroupRef) -> None: ...
    async def list_profiles(self, resource_group: str | None = None) -> list[GroupProfile]: ...
    async def list_usages(self, location: str | None = None) -> list[Usage]: ...
    async def profile_revision(self, ref: GroupRef, revision: int) -> dict[str, Any]: ...
