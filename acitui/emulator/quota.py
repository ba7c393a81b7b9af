"""Per-location usage and capabilities (``locations/{loc}/usages`` and ``/capabilities``)."""

from __future__ import annotations

from typing import Any

#: name → (localized name, default limit)
USAGES = {
    "ContainerGroups": ("Container Groups", 100),
    "StandardCores": ("Standard Cores", 100),
    "StandardSpotCores": ("Standard Spot Cores", 100),
    "StandardConfidentialCores": ("Standard Confidential Cores", 20),
}


def _normal(location: str) -> str:
    return location.replace(" ", "").lower()


def usages(groups: list[dict[str, Any]], location: str, limits: dict[str, int]) -> dict[str, Any]:
    """What the subscription uses in ``location``: groups and the cores they request."""
    here = [g for g in groups if _normal(g.get("location", "")) == _normal(location)]
    current = dict.fromkeys(USAGES, 0.0)
    current["ContainerGroups"] = len(here)
    for group in here:
        props = group["properties"]
        cores = sum(
            float(c["properties"]["resources"]["requests"].get("cpu", 0))
            for c in props.get("containers", [])
        )
        if str(props.get("priority", "")).lower() == "spot":
            current["StandardSpotCores"] += cores
        elif str(props.get("sku", "")).lower() == "confidential":
            current["StandardConfidentialCores"] += cores
        else:
            current["StandardCores"] += cores
    return {
        "value": [
            {
                "id": name,
                "name": {"value": name, "localizedValue": localized},
                "currentValue": round(current[name]) if current[name] % 1 == 0 else current[name],
                "limit": limits.get(name, default),
                "unit": "Count",
            }
            for name, (localized, default) in USAGES.items()
        ]
    }


def capabilities(location: str) -> dict[str, Any]:
    """The largest group each OS and SKU may ask for in ``location``."""
    rows = [
        ("Linux", "None", 4, 16, 0),
        ("Linux", "K80", 4, 14, 4),
        ("Windows", "None", 4, 16, 0),
    ]
    return {
        "value": [
            {
                "resourceType": "containerGroups",
                "osType": os_type,
                "location": location,
                "ipAddressType": "Public",
                "gpu": gpu,
                "capabilities": {"maxCpu": cpu, "maxMemoryInGB": memory, "maxGpuCount": gpus},
            }
            for os_type, gpu, cpu, memory, gpus in rows
        ]
    }
