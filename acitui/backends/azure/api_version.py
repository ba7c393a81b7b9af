"""Which ARM api-version acitui speaks to a subscription's Microsoft.ContainerInstance.

On first use the backend reads ``GET /subscriptions/{id}/providers/
Microsoft.ContainerInstance`` and takes the newest *stable* version acitui knows
that the provider lists for container groups; a preview is never chosen, and a
version forced in settings (``--api-version``) wins without a read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from acitui.errors import InvalidInputError

#: Stable versions acitui knows, newest first (the SDK's own is the last).
KNOWN = ("2026-05-01", "2025-09-01", "2023-05-01")
#: What the SDK client speaks: groups are read through it on this version.
SDK_VERSION = "2023-05-01"
#: The first version with NGroups, container group profiles and secret references.
NGROUPS_SINCE = "2025-09-01"


def check_forced(version: str) -> str:
    """A version from settings: one acitui knows, or a clear refusal."""
    wanted = version.strip()
    if wanted and wanted not in KNOWN:
        raise InvalidInputError(
            f"api-version {wanted!r} is not one acitui speaks",
            hint=f"Use one of {', '.join(KNOWN)} (or leave it empty to choose automatically)",
        )
    return wanted


def offered(provider: Any, resource_type: str = "containerGroups") -> tuple[str, ...]:
    """The api-versions a provider document lists for ``resource_type`` (any shape tolerated)."""
    if not isinstance(provider, Mapping):
        return ()
    for entry in provider.get("resourceTypes") or []:
        if not isinstance(entry, Mapping):
            continue
        if str(entry.get("resourceType", "")).lower() == resource_type.lower():
            versions = entry.get("apiVersions") or []
            return tuple(str(v) for v in versions if isinstance(v, str))
    return ()


def choose(listed: tuple[str, ...] | list[str]) -> str:
    """The newest stable version acitui knows among ``listed``; the SDK's when none is."""
    available = {v.strip().lower() for v in listed}
    for version in KNOWN:
        if version in available:
            return version
    return SDK_VERSION


def has_ngroups(version: str) -> bool:
    """True when ``version`` knows NGroups, profiles and secret references."""
    return version >= NGROUPS_SINCE
