"""NGroups and container group profiles (api-version 2025-09-01+): ARM JSON → neutral models.

Reads go through :class:`~acitui.backends.azure.raw.RawArm`; an NGroup's members
are the container groups whose ``orchestratorId`` tag names it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from acitui.backends.azure.mapping import resource_group_of
from acitui.backends.azure.mapping_newer import last_segment
from acitui.backends.azure.raw import Json, RawArm, path
from acitui.model import ContainerGroup, GroupState, ProfileRef
from acitui.model_aci import GroupProfile, NGroup

ACI = "providers/Microsoft.ContainerInstance"
#: NGroup actions ARM offers (POST …/ngroups/{name}/{verb}).
VERBS = ("start", "stop", "restart")


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def collection(subscription: str, resource_group: str | None, kind: str) -> str:
    """The list URL of ``kind`` (ngroups, containerGroupProfiles) in a subscription or RG."""
    if resource_group:
        return path("subscriptions", subscription, "resourceGroups", resource_group) + (
            f"/{ACI}/{kind}"
        )
    return path("subscriptions", subscription) + f"/{ACI}/{kind}"


def resource(subscription: str, resource_group: str, kind: str, name: str) -> str:
    return collection(subscription, resource_group, kind) + "/" + quote(name, safe="")


def map_ngroup(raw: Mapping[str, Any], members: Sequence[ContainerGroup] = ()) -> NGroup:
    """One NGroup; ``members`` are its container groups (running ones counted)."""
    view = Json(raw)
    elastic = view.elastic_profile
    update = view.update_profile
    stubs = view.container_group_profiles or []
    profile = None
    if stubs and isinstance(stubs[0], Json):
        name = last_segment(getattr(stubs[0].resource, "id", None))
        profile = ProfileRef(name, _int(stubs[0].revision)) if name else None
    zones = view.zones if isinstance(view.zones, list) else []
    return NGroup(
        name=_str(raw.get("name")),
        resource_group=resource_group_of(_str(raw.get("id"))),
        location=_str(raw.get("location")),
        desired_count=_int(getattr(elastic, "desired_count", None)),
        maintain_desired_count=getattr(elastic, "maintain_desired_count", None) is True,
        update_mode=_str(getattr(update, "update_mode", None)),
        zones=tuple(str(z) for z in zones),
        profile=profile,
        members=tuple(sorted(m.name for m in members)),
        running=sum(1 for m in members if m.state is GroupState.RUNNING),
        provisioning_state=_str(view.provisioning_state),
        id=_str(raw.get("id")),
    )


def map_profile(raw: Mapping[str, Any], revisions: Sequence[int] = ()) -> GroupProfile:
    view = Json(raw)
    containers = []
    for c in view.containers or []:
        if isinstance(c, Json) and _str(c.name):
            containers.append(f"{c.name}={_str(c.image)}")
    return GroupProfile(
        name=_str(raw.get("name")),
        resource_group=resource_group_of(_str(raw.get("id"))),
        location=_str(raw.get("location")),
        revision=_int(view.revision),
        revisions=tuple(revisions),
        containers=tuple(containers),
        sku=_str(view.sku),
        priority=_str(view.priority),
        id=_str(raw.get("id")),
    )


async def revisions_of(arm: RawArm, profile_url: str, version: str, what: str) -> list[int]:
    found = await arm.items(profile_url + "/revisions", version, what)
    numbers = [_int(Json(r).revision) for r in found if isinstance(r, Mapping)]
    return sorted(n for n in numbers if n is not None)
