"""Today's ACI beside the SDK's 2023-05-01: the api-version choice, groups read as raw JSON on
a newer version, NGroups, container group profiles and quota.

One :class:`NewerAci` belongs to one :class:`AzureBackend` (composition, not a mixin);
the backend's public methods delegate here. Everything is read through the ACI
client's pipeline, so credentials, retries, deadlines and the CA bundle are shared.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from typing import Any

from acitui.backends.azure import api_version as versions
from acitui.backends.azure import ngroups as ng
from acitui.backends.azure import quota
from acitui.backends.azure.clients import ArmClients
from acitui.backends.azure.raw import Json, RawArm, mappings, path
from acitui.errors import AuthError, InvalidInputError, ThrottledError, UnavailableError
from acitui.model import ContainerGroup, GroupRef
from acitui.model_aci import GroupProfile, NGroup, Usage

#: api-version of the Microsoft.Resources provider read.
PROVIDERS_VERSION = "2021-04-01"
Mapper = Callable[[Any, str, bool | None], ContainerGroup]


class NewerAci:
    """Raw ARM reads on the chosen api-version for one backend."""

    def __init__(
        self,
        clients: ArmClients,
        subscription: Callable[[], Awaitable[str]],
        arm: Callable[[str], AbstractContextManager[None]],
        reads: asyncio.Semaphore,
    ) -> None:
        self.clients = clients
        self._subscription = subscription
        self._arm = arm
        self._reads = reads
        #: The version in use (the current subscription's), and each subscription's choice.
        self._version: str | None = None
        self._chosen: dict[str, str] = {}
        self._choosing = asyncio.Lock()
        self._forced = versions.check_forced(clients.settings.api_version)

    def raw(self) -> RawArm:
        return RawArm(self.clients.aci(), self.clients.target.arm_endpoint)

    async def version(self) -> str:
        """The api-version for this subscription: forced, else chosen once from the provider."""
        if self._forced:
            return self._forced
        sub = await self._subscription()
        async with self._choosing:  # one provider read, however many callers start at once
            return await self._choose(sub)

    async def _choose(self, sub: str) -> str:
        cached = self._chosen.get(sub.lower())
        if cached is not None:
            self._version = cached
        else:
            url = path("subscriptions", sub) + "/providers/Microsoft.ContainerInstance"
            try:
                with self._arm("read the Microsoft.ContainerInstance provider"):
                    async with self._reads:
                        doc = await self.raw().send("GET", url, PROVIDERS_VERSION)
            except (AuthError, UnavailableError, ThrottledError):
                raise  # the next call would fail the same way: say it once, now
            except Exception:  # an endpoint without the provider read speaks the SDK's version
                doc = None
            self._version = self._chosen[sub.lower()] = versions.choose(versions.offered(doc))
        return self._version

    async def newer(self) -> bool:
        """True when groups are read as raw JSON (a version newer than the SDK's)."""
        return await self.version() != versions.SDK_VERSION

    # -- container groups --------------------------------------------------------------
    def _groups_url(self, sub: str, resource_group: str | None) -> str:
        return ng.collection(sub, resource_group, "containerGroups")

    async def group(self, ref: GroupRef, what: str) -> Any:
        sub, version = await self._subscription(), await self.version()
        url = ng.resource(sub, ref.resource_group, "containerGroups", ref.name)
        with self._arm(what):
            async with self._reads:
                doc = await self.raw().send("GET", url, version)
        return Json(doc) if isinstance(doc, dict) else doc

    # -- NGroups and profiles ------------------------------------------------------------
    async def _require_ngroups(self, what: str) -> str:
        version = await self.version()
        if not versions.has_ngroups(version):
            raise InvalidInputError(
                f"Cannot {what}: this endpoint speaks api-version {version}, "
                f"which has no NGroups or profiles",
                hint=f"They need {versions.NGROUPS_SINCE} or later (--api-version)",
            )
        return version

    async def list_ngroups(
        self,
        resource_group: str | None,
        members_of: Callable[[str | None], Awaitable[list[ContainerGroup]]],
    ) -> list[NGroup]:
        what = "list NGroups"
        version = await self._require_ngroups(what)
        sub = await self._subscription()
        with self._arm(what):
            async with self._reads:
                found = await self.raw().items(
                    ng.collection(sub, resource_group, "ngroups"), version, what
                )
        groups = await members_of(resource_group) if found else []
        out = []
        for raw in mappings(found):
            shell = ng.map_ngroup(raw)
            mine = [
                g
                for g in groups
                if g.ngroup == shell.name
                and g.resource_group.lower() == shell.resource_group.lower()
            ]
            out.append(ng.map_ngroup(raw, mine))
        return sorted(out, key=lambda n: (n.resource_group.lower(), n.name))

    async def ngroup_action(self, verb: str, ref: GroupRef) -> None:
        if verb not in ng.VERBS:
            raise InvalidInputError(
                f"{verb!r} is not an NGroup action", hint="start, stop or restart"
            )
        version = await self._require_ngroups(f"{verb} NGroup {ref}")
        sub = await self._subscription()
        url = ng.resource(sub, ref.resource_group, "ngroups", ref.name) + f"/{verb}"
        with self._arm(f"{verb} NGroup {ref}"):
            await self.raw().send("POST", url, version)

    async def list_profiles(self, resource_group: str | None) -> list[GroupProfile]:
        what = "list container group profiles"
        version = await self._require_ngroups(what)
        sub = await self._subscription()
        with self._arm(what):
            async with self._reads:
                found = await self.raw().items(
                    ng.collection(sub, resource_group, "containerGroupProfiles"), version, what
                )
        out = []
        for raw in mappings(found):
            shell = ng.map_profile(raw)
            url = ng.resource(sub, shell.resource_group, "containerGroupProfiles", shell.name)
            with self._arm(f"list the revisions of profile {shell.name}"):
                async with self._reads:
                    numbers = await ng.revisions_of(self.raw(), url, version, what)
            out.append(ng.map_profile(raw, numbers))
        return sorted(out, key=lambda p: (p.resource_group.lower(), p.name))

    async def profile_revision(self, ref: GroupRef, revision: int) -> dict[str, Any]:
        """One revision of a profile as ARM sends it (secrets already stripped by ARM)."""
        what = f"read revision {revision} of profile {ref}"
        version = await self._require_ngroups(what)
        sub = await self._subscription()
        url = ng.resource(sub, ref.resource_group, "containerGroupProfiles", ref.name)
        with self._arm(what):
            async with self._reads:
                doc = await self.raw().send("GET", f"{url}/revisions/{int(revision)}", version)
        if not isinstance(doc, dict):
            raise InvalidInputError(f"Revision {revision} of profile {ref} came back empty")
        return doc

    # -- quota ---------------------------------------------------------------------------
    async def usages(self, locations: list[str]) -> list[Usage]:
        sub = await self._subscription()
        out: list[Usage] = []
        for location in locations:
            key = quota.location_key(location)
            what = f"read the quota of {key}"
            with self._arm(what):
                async with self._reads:
                    found = await self.raw().items(
                        quota.usages_url(sub, key), quota.USAGES_VERSION, what
                    )
            out += [u for u in (quota.map_usage(key, raw) for raw in found) if u is not None]
        return out
