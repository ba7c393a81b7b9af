"""Container group profiles (with revisions) and NGroups (api-version 2025-09-01+).

An NGroup keeps ``elasticProfile.desiredCount`` container groups made from a
profile revision. Its members are ordinary container groups that carry the
NGroup's id in the ``orchestratorId`` tag and ``containerGroupProfile{id,
revision}`` in their properties; with ``maintainDesiredCount`` a deleted member
is replaced by a new one.

``NGroupStore`` works on the ``Store`` that owns it through the ``GroupHost`` protocol,
so the two modules do not import each other.
"""

from __future__ import annotations

import copy
import zlib
from typing import Any

from acitui.emulator.group_host import GroupHost
from acitui.emulator.parse import normalize_group
from acitui.emulator.payloads import ArmError, iso
from acitui.emulator.redact import redact_properties

PROVIDER = "providers/Microsoft.ContainerInstance"
ORCHESTRATOR_TAG = "orchestratorId"
UPDATE_MODES = {"manual": "Manual", "rolling": "Rolling"}


def _not_found(kind: str, name: str, rg: str) -> ArmError:
    return ArmError(
        404,
        "ResourceNotFound",
        f"The Resource 'Microsoft.ContainerInstance/{kind}/{name}' under resource group "
        f"'{rg}' was not found.",
    )


class NGroupStore:
    """Profiles and NGroups of one Store; every method runs under the Store's lock."""

    def __init__(self, store: GroupHost) -> None:
        self.store = store
        self._profiles: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._ngroups: dict[tuple[str, str], dict[str, Any]] = {}
        self._serial = 0

    def _id(self, rg: str, kind: str, name: str) -> str:
        rg_name = self.store.resource_group(rg)["name"]
        sub = self.store.subscription_id
        return f"/subscriptions/{sub}/resourceGroups/{rg_name}/{PROVIDER}/{kind}/{name}"

    # -- profiles --------------------------------------------------------------
    def put_profile(self, rg: str, name: str, body: dict[str, Any]) -> dict[str, Any]:
        """Create a profile or add a revision to it; returns the newest revision."""
        stored = normalize_group(body)
        with self.store.lock:
            self.store.resource_group(rg)
            revisions = self._profiles.setdefault((rg.lower(), name.lower()), [])
            props = copy.deepcopy(stored["properties"])
            props["revision"] = len(revisions) + 1
            revision: dict[str, Any] = {
                "id": self._id(
                    rg, "containerGroupProfiles", revisions[0]["name"] if revisions else name
                ),
                "name": revisions[0]["name"] if revisions else name,
                "type": "Microsoft.ContainerInstance/containerGroupProfiles",
                "location": stored["location"],
                **{k: stored[k] for k in ("tags", "zones") if k in stored},
                "properties": props,
                "systemData": self._system_data(),
            }
            revisions.append(revision)
            return self.profile(rg, name)

    def _revisions(self, rg: str, name: str) -> list[dict[str, Any]]:
        self.store.resource_group(rg)
        found = self._profiles.get((rg.lower(), name.lower()))
        if not found:
            raise _not_found("containerGroupProfiles", name, rg)
        return found

    def profile(self, rg: str, name: str, revision: int | None = None) -> dict[str, Any]:
        """The newest revision (or the one asked for), secrets stripped as ARM does."""
        with self.store.lock:
            revisions = self._revisions(rg, name)
            if revision is None:
                chosen = revisions[-1]
            elif 1 <= revision <= len(revisions):
                chosen = revisions[revision - 1]
            else:
                raise _not_found("containerGroupProfiles", f"{name}/revisions/{revision}", rg)
            out = copy.deepcopy(chosen)
            out["properties"] = redact_properties(out["properties"])
            return out

    def revisions(self, rg: str, name: str) -> list[dict[str, Any]]:
        with self.store.lock:
            count = len(self._revisions(rg, name))
            return [self.profile(rg, name, n) for n in range(1, count + 1)]

    def profiles(self, rg: str | None) -> list[dict[str, Any]]:
        with self.store.lock:
            if rg is not None:
                self.store.resource_group(rg)
            keys = sorted(k for k in self._profiles if rg is None or k[0] == rg.lower())
            return [self.profile(k[0], k[1]) for k in keys]

    def delete_profile(self, rg: str, name: str) -> None:
        with self.store.lock:
            self._revisions(rg, name)
            del self._profiles[(rg.lower(), name.lower())]

    # -- NGroups ---------------------------------------------------------------
    def _system_data(self) -> dict[str, Any]:
        at = iso(self.store.clock.now())
        return {
            "createdBy": "operator@contoso.com",
            "createdByType": "User",
            "createdAt": at,
            "lastModifiedBy": "operator@contoso.com",
            "lastModifiedByType": "User",
            "lastModifiedAt": at,
        }

    def put_ngroup(self, rg: str, name: str, body: dict[str, Any]) -> dict[str, Any]:
        """Create or update an NGroup and bring its members to the desired count."""
        if not isinstance(body, dict) or not isinstance(body.get("properties"), dict):
            raise ArmError(400, "InvalidRequestContent", "An NGroup needs a 'properties' object.")
        props = copy.deepcopy(body["properties"])
        elastic = props.setdefault("elasticProfile", {})
        try:
            elastic["desiredCount"] = int(elastic.get("desiredCount", 0))
        except (TypeError, ValueError):
            raise ArmError(
                400, "InvalidRequestContent", "desiredCount must be an integer."
            ) from None
        if not 0 <= elastic["desiredCount"] <= 1000:
            raise ArmError(400, "InvalidDesiredCount", "desiredCount must be 0 to 1000.")
        elastic["maintainDesiredCount"] = bool(elastic.get("maintainDesiredCount", False))
        update = props.setdefault("updateProfile", {})
        mode = UPDATE_MODES.get(str(update.get("updateMode", "Manual")).lower())
        if mode is None:
            raise ArmError(400, "InvalidUpdateMode", "updateMode must be Manual or Rolling.")
        update["updateMode"] = mode
        stubs = props.get("containerGroupProfiles") or []
        if not isinstance(stubs, list) or len(stubs) != 1 or not isinstance(stubs[0], dict):
            raise ArmError(
                400,
                "InvalidRequestContent",
                "An NGroup needs exactly one containerGroupProfiles entry.",
            )
        profile_id = str((stubs[0].get("resource") or {}).get("id", ""))
        with self.store.lock:
            profile_rg, profile_name = _parse_profile_id(profile_id)
            revisions = self._revisions(profile_rg, profile_name)
            revision = int(stubs[0].get("revision") or len(revisions))
            if not 1 <= revision <= len(revisions):
                raise _not_found(
                    "containerGroupProfiles", f"{profile_name}/revisions/{revision}", rg
                )
            props["provisioningState"] = "Succeeded"
            key = (rg.lower(), name.lower())
            old = self._ngroups.get(key)
            ngroup: dict[str, Any] = {
                "id": self._id(rg, "ngroups", old["name"] if old else name),
                "name": old["name"] if old else name,
                "type": "Microsoft.ContainerInstance/ngroups",
                "location": str(body.get("location") or revisions[0]["location"]),
                **{k: copy.deepcopy(body[k]) for k in ("tags", "zones", "identity") if k in body},
                "properties": props,
                "systemData": old["systemData"] if old else self._system_data(),
            }
            ngroup["_profile"] = (profile_rg, profile_name, revision)
            self._ngroups[key] = ngroup
            self._reconcile(rg, ngroup, upgrade=True)
            return self.ngroup(rg, name)

    def _members(self, rg: str, ngroup_id: str) -> list[str]:
        names = []
        for group in self.store.raw_groups(rg):
            if (group.stored.get("tags") or {}).get(
                ORCHESTRATOR_TAG, ""
            ).lower() == ngroup_id.lower():
                names.append(group.name)
        return sorted(names)

    def _reconcile(self, rg: str, ngroup: dict[str, Any], upgrade: bool = False) -> None:
        """Create or delete members until there are ``desiredCount`` of them.

        ``upgrade`` (after a PUT): with updateMode Rolling, members made from another
        profile revision are replaced; with Manual they keep running as they are.
        """
        desired = ngroup["properties"]["elasticProfile"]["desiredCount"]
        members = self._members(rg, ngroup["id"])
        rolling = ngroup["properties"]["updateProfile"]["updateMode"] == "Rolling"
        if upgrade and rolling:
            revision = ngroup["_profile"][2]
            for name in members:
                made_from = self.store.raw_group(rg, name).stored["properties"]
                if (made_from.get("containerGroupProfile") or {}).get("revision") != revision:
                    self.store.delete_group(rg, name, replace=False)
            members = self._members(rg, ngroup["id"])
        for extra in members[desired:]:
            self.store.delete_group(rg, extra, replace=False)
        for _ in range(desired - len(members)):
            self._create_member(rg, ngroup)

    def _create_member(self, rg: str, ngroup: dict[str, Any]) -> None:
        profile_rg, profile_name, revision = ngroup["_profile"]
        template = self._revisions(profile_rg, profile_name)[revision - 1]
        props = copy.deepcopy(template["properties"])
        props.pop("revision", None)
        props["containerGroupProfile"] = {"id": template["id"], "revision": revision}
        naming = ngroup["properties"]["elasticProfile"].get("containerGroupNamingPolicy") or {}
        prefix = str((naming.get("guidNamingPolicy") or {}).get("prefix") or f"{ngroup['name']}-")
        self._serial += 1
        digest = zlib.crc32(f"{ngroup['id']}/{self._serial}".encode())
        name = f"{prefix}{digest:08x}"[:63].strip("-")
        zones = ngroup.get("zones") or []
        body: dict[str, Any] = {
            "location": ngroup["location"],
            "tags": {ORCHESTRATOR_TAG: ngroup["id"]},
            "properties": props,
        }
        if zones:
            body["zones"] = [zones[(self._serial - 1) % len(zones)]]
        self.store.put_group(rg, name, body, self.store.ngroup_behaviour, instant=True)

    def ngroup(self, rg: str, name: str) -> dict[str, Any]:
        with self.store.lock:
            self.store.resource_group(rg)
            found = self._ngroups.get((rg.lower(), name.lower()))
            if found is None:
                raise _not_found("ngroups", name, rg)
            out = {k: copy.deepcopy(v) for k, v in found.items() if not k.startswith("_")}
            profile_rg, profile_name, revision = found["_profile"]
            profile_id = self._revisions(profile_rg, profile_name)[0]["id"]
            out["properties"]["containerGroupProfiles"] = [
                {"resource": {"id": profile_id}, "revision": revision}
            ]
            return out

    def ngroups(self, rg: str | None) -> list[dict[str, Any]]:
        with self.store.lock:
            if rg is not None:
                self.store.resource_group(rg)
            keys = sorted(k for k in self._ngroups if rg is None or k[0] == rg.lower())
            return [self.ngroup(k[0], k[1]) for k in keys]

    def delete_ngroup(self, rg: str, name: str) -> None:
        """Delete the NGroup and its members, as the service does."""
        with self.store.lock:
            found = self.ngroup(rg, name)
            del self._ngroups[(rg.lower(), name.lower())]
            for member in self._members(rg, found["id"]):
                self.store.delete_group(rg, member, replace=False)

    def lifecycle(self, rg: str, name: str, verb: str) -> None:
        """Start, stop or restart every member of the NGroup."""
        with self.store.lock:
            found = self.ngroup(rg, name)
            for member in self._members(rg, found["id"]):
                group = self.store.raw_group(rg, member)
                if verb == "stop":
                    self.store.stop_group(rg, member)
                elif verb == "start" and (
                    group.stopped or group.state() in ("Succeeded", "Failed")
                ):
                    self.store.start_group(rg, member)
                elif verb == "restart" and not group.stopped:
                    self.store.restart_group(rg, member)

    def drop_resource_group(self, rg: str) -> None:
        """Forget the profiles and NGroups of a deleted resource group."""
        for table in (self._profiles, self._ngroups):
            for key in [k for k in table if k[0] == rg.lower()]:
                del table[key]

    def member_deleted(self, rg: str, tags: dict[str, str]) -> None:
        """A member was deleted by a user: re-create one if its NGroup keeps the count."""
        owner = (tags or {}).get(ORCHESTRATOR_TAG, "")
        if not owner:
            return
        for key, ngroup in self._ngroups.items():
            if ngroup["id"].lower() == owner.lower() and key[0] == rg.lower():
                if ngroup["properties"]["elasticProfile"]["maintainDesiredCount"]:
                    self._reconcile(rg, ngroup)


def _parse_profile_id(profile_id: str) -> tuple[str, str]:
    parts = [p for p in profile_id.split("/") if p]
    lowered = [p.lower() for p in parts]
    try:
        rg = parts[lowered.index("resourcegroups") + 1]
        name = parts[lowered.index("containergroupprofiles") + 1]
    except (ValueError, IndexError):
        raise ArmError(
            400, "InvalidRequestContent", f"'{profile_id}' is not a container group profile id."
        ) from None
    return rg, name
