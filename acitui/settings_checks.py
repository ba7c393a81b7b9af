"""Checks that make settings fail closed. Standard library only.

Every value read from the config file or the environment passes through here:
yes/no words, numbers (type, finite, range), strings and subscription id lists
(backend names are checked in :mod:`acitui.config`, which reads the registry).
A bad value is an InvalidInputError naming the setting.
"""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from acitui.errors import InvalidInputError
from acitui.sanitize import sanitize_name

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
_BOOL_HINT = "Use true/false, yes/no, on/off or 1/0."
_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: Bounds for a number field that declares none: finite, not negative, not absurd.
_DEFAULT_RANGE = (0.0, 1e9)


def shown(value: object) -> str:
    """A value, quoted and made safe for a one-line message."""
    return sanitize_name(repr(value), max_len=60)


def parse_bool(value: object, name: str) -> bool:
    """``value`` as a yes/no setting: a TOML boolean or a word (any case, trimmed)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise InvalidInputError(f"{name} must be yes or no, not {shown(value)}", hint=_BOOL_HINT)


def check_number(value: object, name: str, kind: type, bounds: tuple[float, float]) -> float:
    """``value`` as an int or float setting within ``bounds`` (inclusive), finite."""
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInputError(f"{name} must be a number, not {shown(value)}")
    if kind is int and not isinstance(value, int):
        raise InvalidInputError(f"{name} must be a whole number, not {shown(value)}")
    if not math.isfinite(value) or not low <= value <= high:
        raise InvalidInputError(f"{name} must be between {low:g} and {high:g}, not {shown(value)}")
    return value if kind is int else float(value)


def normalise_subscription(value: str) -> str:
    """A subscription id compared the way ARM does: trimmed, braces off, lower-case."""
    text = value.strip().lower()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    return text


def subscription_ids(value: object, name: str) -> tuple[str, ...]:
    """A list of subscription ids (GUIDs, braces tolerated), normalised to lower-case."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidInputError(
            f"{name} must be a list of subscription ids, not {shown(value)}",
            hint='Write it as ["00000000-0000-0000-0000-000000000000", …].',
        )
    ids: list[str] = []
    for item in value:
        if not isinstance(item, str) or not _GUID.fullmatch(normalise_subscription(item)):
            raise InvalidInputError(
                f"{name}: {shown(item)} is not a subscription id",
                hint="A subscription id looks like 00000000-0000-0000-0000-000000000000.",
            )
        ids.append(normalise_subscription(item))
    return tuple(ids)


def check_section(cls: type, raw: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The values of one config table, each checked against its dataclass field.

    Field types decide the check (bool, int, float, str, tuple); a number field
    may declare ``metadata={"range": (low, high)}``.
    """
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in raw:
            continue
        value, name, kind = raw[f.name], f"{where} {f.name}", hints[f.name]
        if kind is bool:
            values[f.name] = parse_bool(value, name)
        elif kind in (int, float):
            bounds = f.metadata.get("range", _DEFAULT_RANGE)
            values[f.name] = check_number(value, name, kind, bounds)
        elif kind is str:
            if not isinstance(value, str):
                raise InvalidInputError(f"{name} must be a string, not {shown(value)}")
            values[f.name] = value
        elif f.name.endswith("subscriptions"):
            values[f.name] = subscription_ids(value, name)
        elif isinstance(value, list):
            values[f.name] = tuple(value)
        else:
            values[f.name] = value
    return values
