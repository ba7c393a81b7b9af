"""ARM JSON shapes for container groups (api-version 2023-05-01) and ARM errors.

``render_group`` turns a stored body back into what ARM returns: secrets
stripped, ``instanceView`` only when asked for.
"""

from __future__ import annotations

import copy
import zlib
from datetime import datetime
from typing import Any

from acitui.emulator.redact import redact_properties


class ArmError(Exception):
    """An error ARM would answer with: HTTP status, error code and message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}}


class BadRequest(ArmError):
    """A request body ARM would refuse with 400."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(400, code, message)


def iso(moment: datetime) -> str:
    """ARM's timestamp format: UTC with milliseconds and a Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def rfc3339_nano(moment: datetime) -> str:
    """Go's RFC3339Nano as the log API prints it (trailing zeros trimmed)."""
    fraction = f"{moment.microsecond:06d}000".rstrip("0")
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + (f".{fraction}" if fraction else "") + "Z"


def render_group(
    group_id: str,
    name: str,
    stored: dict[str, Any],
    provisioning_state: str,
    ip: str | None,
    views: tuple[dict[str, Any], dict[str, dict[str, Any]]] | None,
) -> dict[str, Any]:
    """The ARM representation of a group; ``views`` = (group view, container views) for ``get``."""
    props = redact_properties(stored["properties"])
    props["provisioningState"] = provisioning_state
    props.setdefault("initContainers", [])
    address = props.get("ipAddress")
    if address is not None:
        if ip:
            address["ip"] = ip
        label = address.get("dnsNameLabel")
        if label:
            address["fqdn"] = f"{label}.{stored['location']}.azurecontainer.io"
    if views is not None:
        group_view, container_views = views
        props["instanceView"] = group_view
        for container in props["containers"]:
            view = container_views.get(container["name"])
            if view is not None:
                container["properties"]["instanceView"] = view
    body: dict[str, Any] = {
        "id": group_id,
        "name": name,
        "type": "Microsoft.ContainerInstance/containerGroups",
        "location": stored["location"],
    }
    for key in ("tags", "zones", "identity", "systemData"):
        if key in stored:
            body[key] = copy.deepcopy(stored[key])
    body["properties"] = props
    return body


def assign_ip(stored: dict[str, Any], key: tuple[str, str]) -> str | None:
    """A stable made-up address for a group with an ipAddress (private or public)."""
    address = stored["properties"].get("ipAddress")
    if not address:
        return None
    if address.get("ip"):
        return str(address["ip"])
    h = zlib.crc32("/".join(key).encode())
    if address.get("type") == "Private":
        return f"10.0.{(h >> 8) % 256}.{h % 250 + 4}"
    return f"20.{(h >> 16) % 200 + 20}.{(h >> 8) % 256}.{h % 250 + 4}"
