"""Quota of a subscription's locations (``locations/{loc}/usages``) → :class:`Usage` rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from acitui.backends.azure.raw import path
from acitui.model_aci import Usage

ACI = "providers/Microsoft.ContainerInstance"
#: api-version of the usages API (served since 2023-05-01 and later).
USAGES_VERSION = "2023-05-01"


def usages_url(subscription: str, location: str) -> str:
    return (
        path("subscriptions", subscription) + f"/{ACI}" + path("locations", location) + ("/usages")
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def map_usage(location: str, raw: Any) -> Usage | None:
    """One usage line; None for an entry without a name or numbers."""
    if not isinstance(raw, Mapping):
        return None
    name_obj = raw.get("name")
    name = name_obj.get("value") if isinstance(name_obj, Mapping) else name_obj
    current, limit = _number(raw.get("currentValue")), _number(raw.get("limit"))
    if not isinstance(name, str) or not name or current is None or limit is None:
        return None
    unit = raw.get("unit")
    return Usage(location, name, current, limit, unit if isinstance(unit, str) else "Count")


def location_key(location: str) -> str:
    """ARM's location name ("West Europe" → "westeurope")."""
    return location.replace(" ", "").lower()
