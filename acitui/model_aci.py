"""Neutral models of the newer ACI resources: NGroups, container group profiles, quota.

Standard library only, like :mod:`acitui.model`. Strings are stored raw and
sanitised where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from acitui.model import ProfileRef


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
