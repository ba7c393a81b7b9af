"""What ARM leaves out of a container group when it is read back (GET, list, PUT's answer).

The service keeps every secret it was given and the containers see them; only the
representation is redacted:

- a secure environment variable comes back as ``{"name": ...}`` (no ``secureValue``,
  and no ``value`` even when both were sent); a Key Vault ``secureValueReference`` is
  a reference, not a secret, and stays;
- ``imageRegistryCredentials[].password`` is omitted (``passwordReference`` stays);
- ``volumes[].azureFile.storageAccountKey`` is omitted (the reference stays);
- a ``secret`` volume comes back as ``{}`` (names and values both hidden);
- ``diagnostics.logAnalytics.workspaceKey`` is omitted;
- ``extensions[].properties.protectedSettings`` is omitted.
"""

from __future__ import annotations

import copy
from typing import Any


def _redact_env(variables: Any) -> Any:
    if not isinstance(variables, list):
        return variables
    out = []
    for var in variables:
        if isinstance(var, dict) and "secureValue" in var:
            kept = {"name": var.get("name")}
            if "secureValueReference" in var:
                kept["secureValueReference"] = var["secureValueReference"]
            out.append(kept)
        else:
            out.append(var)
    return out


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def redact_properties(props: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of a group's ``properties`` with every secret removed as ARM removes it."""
    props = copy.deepcopy(props)
    for container in _dicts(props.get("containers")) + _dicts(props.get("initContainers")):
        inner = container.get("properties")
        if isinstance(inner, dict) and "environmentVariables" in inner:
            inner["environmentVariables"] = _redact_env(inner["environmentVariables"])
    for cred in _dicts(props.get("imageRegistryCredentials")):
        cred.pop("password", None)
    for volume in _dicts(props.get("volumes")):
        if isinstance(volume.get("azureFile"), dict):
            volume["azureFile"].pop("storageAccountKey", None)
        if "secret" in volume:
            volume["secret"] = {}
    diagnostics = props.get("diagnostics")
    if isinstance(diagnostics, dict) and isinstance(diagnostics.get("logAnalytics"), dict):
        diagnostics["logAnalytics"].pop("workspaceKey", None)
    for extension in _dicts(props.get("extensions")):
        if isinstance(extension.get("properties"), dict):
            extension["properties"].pop("protectedSettings", None)
    return props
