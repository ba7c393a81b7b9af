"""PUT of a container group: ARM's validation on top of the liberal reading, then storing.

``parse.normalize_group`` reads a body the way the service does (casing drift, numbers
as strings); this module adds the checks the service makes before it accepts a group,
each a 400 with a specific code and a message naming the field, and an update check
ARM itself makes (a group cannot move location). A PUT then answers 201 (created) or
200 (updated) with an ``Azure-AsyncOperation`` that succeeds once every container has
pulled and started on the emulator's clock.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from acitui.emulator.parse import NAME_RE, normalize_group
from acitui.emulator.payloads import ArmError, BadRequest
from acitui.emulator.store import Store

#: Container names follow the Kubernetes rule (ACI enforces it; group names are looser).
CONTAINER_NAME_RE = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
DNS_LABEL_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
VOLUME_KINDS = ("azureFile", "emptyDir", "secret", "gitRepo")


def _check_group_name(name: str) -> None:
    if not NAME_RE.match(name or ""):
        raise BadRequest(
            "InvalidContainerGroupName",
            f"The container group name '{name}' is invalid. A name must be 1 to 63 letters, "
            "numbers or hyphens, and cannot start or end with a hyphen.",
        )


def _check_container_names(props: dict[str, Any]) -> None:
    seen: set[str] = set()
    for kind in ("containers", "initContainers"):
        for index, container in enumerate(props.get(kind) or []):
            name = container.get("name")
            where = f"properties.{kind}[{index}].name"
            if not isinstance(name, str) or not name:
                raise BadRequest("InvalidRequestContent", f"{where} is required.")
            if not CONTAINER_NAME_RE.match(name):
                raise BadRequest(
                    "InvalidContainerName",
                    f"The container name '{name}' ({where}) is invalid. A container name must "
                    "be 1 to 63 lowercase letters, numbers or '-', starting and ending with a "
                    "letter or number.",
                )
            if name in seen:
                raise BadRequest(
                    "DuplicateContainerName",
                    f"The container name '{name}' ({where}) is used by more than one container "
                    "or init container in the group.",
                )
            seen.add(name)
            if kind == "initContainers" and not (container.get("properties") or {}).get("image"):
                raise BadRequest(
                    "InvalidRequestContent",
                    f"Init container '{name}' needs properties.{kind}[{index}].properties.image.",
                )


def _check_resources(props: dict[str, Any]) -> None:
    for index, container in enumerate(props["containers"]):
        name = container["name"]
        resources = container["properties"]["resources"]
        requests = resources["requests"]
        for key in ("cpu", "memoryInGB"):
            if requests[key] <= 0:
                raise BadRequest(
                    "InvalidContainerResourceRequests",
                    f"Container '{name}' requests {requests[key]} for "
                    f"properties.containers[{index}].properties.resources.requests.{key}; "
                    "it must be greater than 0.",
                )
        limits = resources.get("limits")
        if not isinstance(limits, dict):
            continue
        for key in ("cpu", "memoryInGB"):
            if key not in limits:
                continue
            try:
                limit = float(limits[key])
            except (TypeError, ValueError):
                raise BadRequest(
                    "InvalidRequestContent",
                    f"Container '{name}' resources.limits.{key} must be a number.",
                ) from None
            if limit < requests[key]:
                raise BadRequest(
                    "InvalidContainerResourceLimits",
                    f"Container '{name}' has resources.limits.{key} {limit} below its "
                    f"request {requests[key]}; a limit must be at least the request.",
                )


def _check_secret(volume: dict[str, Any]) -> None:
    for key, value in volume["secret"].items():
        try:
            base64.b64decode(str(value), validate=True)
        except (binascii.Error, ValueError):
            raise BadRequest(
                "InvalidSecretVolumeValue",
                f"The value of '{key}' in secret volume '{volume['name']}' must be base64.",
            ) from None


def _check_volumes(props: dict[str, Any]) -> None:
    names: set[str] = set()
    for index, volume in enumerate(props.get("volumes") or []):
        name = str(volume["name"])
        if name in names:
            raise BadRequest("DuplicateVolumeName", f"The volume name '{name}' is used twice.")
        names.add(name)
        kinds = [kind for kind in VOLUME_KINDS if volume.get(kind) is not None]
        if len(kinds) != 1:
            raise BadRequest(
                "InvalidVolume",
                f"Volume '{name}' (properties.volumes[{index}]) must have exactly one of "
                f"{', '.join(VOLUME_KINDS)}; it has {', '.join(kinds) or 'none'}.",
            )
        if kinds == ["secret"]:
            _check_secret(volume)
        if kinds == ["gitRepo"] and not (volume["gitRepo"] or {}).get("repository"):
            raise BadRequest(
                "InvalidVolume", f"Volume '{name}' needs gitRepo.repository (the URL to clone)."
            )
    for kind in ("containers", "initContainers"):
        for container in props.get(kind) or []:
            inner = container.get("properties") or {}
            paths: set[str] = set()
            mounts = inner.get("volumeMounts") or []
            for index, mount in enumerate(mounts if isinstance(mounts, list) else []):
                where = f"container '{container['name']}' volumeMounts[{index}]"
                if not isinstance(mount, dict) or mount.get("name") not in names:
                    volume = mount.get("name") if isinstance(mount, dict) else None
                    raise BadRequest(
                        "InvalidVolumeMount",
                        f"The volume mount '{volume}' in {where} names no volume of the group.",
                    )
                path = str(mount.get("mountPath") or "")
                if not path:
                    raise BadRequest("InvalidVolumeMount", f"{where} needs a mountPath.")
                if path in paths:
                    raise BadRequest(
                        "InvalidVolumeMount", f"{where} mounts a second volume at '{path}'."
                    )
                paths.add(path)


def _check_ip(props: dict[str, Any]) -> None:
    address = props.get("ipAddress")
    if not isinstance(address, dict):
        return
    label = address.get("dnsNameLabel")
    if label is not None and not DNS_LABEL_RE.match(str(label)):
        raise BadRequest(
            "InvalidDnsNameLabel",
            f"The DNS name label '{label}' (properties.ipAddress.dnsNameLabel) is invalid: "
            "use 1 to 63 letters, numbers or hyphens, not starting or ending with a hyphen.",
        )


def validate_group(name: str, body: Any) -> dict[str, Any]:
    """The canonical stored form of a PUT body, or BadRequest with ARM's code and the field."""
    _check_group_name(name)
    stored = normalize_group(body)
    props = stored["properties"]
    _check_container_names(props)
    _check_resources(props)
    _check_volumes(props)
    _check_ip(props)
    return stored


def create_or_update(
    store: Store, rg: str, name: str, body: Any
) -> tuple[bool, dict[str, Any], str, str]:
    """Validate and store a group: (created, ARM body, operation id, location).

    An existing group keeps its name, address and, when its containers are unchanged,
    its running containers; moving it to another location is refused as ARM refuses it.
    """
    stored = validate_group(name, body)
    with store.lock:  # check and store as one step: no other PUT in between
        store.resource_group(rg)  # 404 ResourceGroupNotFound before anything else
        try:
            existing: dict[str, Any] | None = store.group(rg, name)
        except ArmError as err:
            if err.status != 404:
                raise
            existing = None
        if existing is not None and existing["location"].lower() != stored["location"].lower():
            raise ArmError(
                409,
                "InvalidResourceLocation",
                f"The resource '{name}' already exists in location '{existing['location']}' in "
                f"resource group '{rg}'. A resource with the same name cannot be created in "
                f"location '{stored['location']}'. Please select a new resource name.",
            )
        created, rendered = store.put_group(rg, name, stored)
        op_id, location = store.provisioning_operation(rg, name)
    return created, rendered, op_id, location
