"""Which ARM api-versions the emulator speaks, and what each version's responses may carry.

The container-group wire shape is the same on every stable version; newer ones
add optional fields (profiles, standby pools, Key Vault references) that an
older client must not see, and resource types (NGroups, profiles) that an older
version does not know at all.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from acitui.emulator.payloads import ArmError

STABLE = ("2023-05-01", "2025-09-01", "2026-05-01")
#: The first version with NGroups, container group profiles and secret references.
NGROUPS_SINCE = "2025-09-01"
#: Azure Monitor's metrics API versions the emulator answers (the SDK sends 2024-02-01).
METRICS_VERSIONS = ("2018-01-01", "2023-10-01", "2024-02-01")
WELL_FORMED = re.compile(r"^\d{4}-\d{2}-\d{2}(-preview)?$")

#: Resource types the provider lists, with the version that introduced them.
RESOURCE_TYPES = (
    ("containerGroups", "2023-05-01"),
    ("locations", "2023-05-01"),
    ("locations/operations", "2023-05-01"),
    ("locations/usages", "2023-05-01"),
    ("locations/capabilities", "2023-05-01"),
    ("ngroups", NGROUPS_SINCE),
    ("containerGroupProfiles", NGROUPS_SINCE),
)
LOCATIONS = ("West Europe", "North Europe", "East US", "West US 2")

#: Group properties a 2023-05-01 response never carries.
_NEWER_PROPS = (
    "containerGroupProfile",
    "standbyPoolProfile",
    "isCreatedFromStandbyPool",
    "secretReferences",
)


def provider(subscription: str, versions: tuple[str, ...]) -> dict[str, Any]:
    """``GET /subscriptions/{id}/providers/Microsoft.ContainerInstance`` as ARM answers it."""
    newest_first = sorted(versions, reverse=True)
    types = []
    for name, since in RESOURCE_TYPES:
        offered = [v for v in newest_first if v >= since]
        if offered:
            types.append(
                {
                    "resourceType": name,
                    "locations": list(LOCATIONS),
                    "apiVersions": offered,
                    "defaultApiVersion": offered[-1],
                    "capabilities": "None",
                }
            )
    return {
        "id": f"/subscriptions/{subscription}/providers/Microsoft.ContainerInstance",
        "namespace": "Microsoft.ContainerInstance",
        "registrationState": "Registered",
        "registrationPolicy": "RegistrationRequired",
        "resourceTypes": types,
    }


def check(version: str, path: str, offered: tuple[str, ...], newer_type: str | None) -> None:
    """Refuse a request whose api-version its resource type does not speak (ARM's 400s)."""
    lowered = path.lower()
    if "/providers/microsoft.insights/" in lowered:
        if version not in METRICS_VERSIONS:
            raise ArmError(
                400,
                "InvalidApiVersionParameter",
                f"The api-version '{version}' is invalid. The supported versions are "
                f"'{', '.join(METRICS_VERSIONS)}'.",
            )
        return
    if "/providers/microsoft.containerinstance/" not in lowered:
        return  # Microsoft.Resources and friends: any well-formed version
    if version not in offered:
        raise ArmError(
            400,
            "InvalidApiVersionParameter",
            f"The api-version '{version}' is invalid. The supported versions are "
            f"'{', '.join(sorted(offered, reverse=True))}'.",
        )
    if newer_type is not None and version < NGROUPS_SINCE:
        raise ArmError(
            400,
            "InvalidResourceType",
            f"The resource type '{newer_type}' could not be found in the namespace "
            f"'Microsoft.ContainerInstance' for api version '{version}'.",
        )


def for_version(body: dict[str, Any], version: str) -> dict[str, Any]:
    """A group body as ``version`` serves it: newer optional fields dropped for older clients."""
    if version >= NGROUPS_SINCE:
        body = copy.deepcopy(body)
        body["properties"].setdefault("isCreatedFromStandbyPool", False)  # always there since
        if version < "2026-05-01":
            for volume in body["properties"].get("volumes") or []:
                if isinstance(volume.get("azureFile"), dict):
                    volume["azureFile"].pop("userManagedIdentityClientId", None)
        return body
    body = copy.deepcopy(body)
    body.pop("systemData", None)
    props = body["properties"]
    for key in _NEWER_PROPS:
        props.pop(key, None)
    for container in props.get("containers", []) + props.get("initContainers", []):
        inner = container.get("properties", {})
        inner["environmentVariables"] = [
            {k: v for k, v in var.items() if k != "secureValueReference"}
            for var in inner.get("environmentVariables", [])
        ]
    for cred in props.get("imageRegistryCredentials") or []:
        cred.pop("passwordReference", None)
    for volume in props.get("volumes") or []:
        volume.pop("secretReference", None)
        if isinstance(volume.get("azureFile"), dict):
            volume["azureFile"].pop("storageAccountKeyReference", None)
            volume["azureFile"].pop("userManagedIdentityClientId", None)
    return body
