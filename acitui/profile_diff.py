"""Two revisions of a container group profile, compared field by field. Standard library only.

A revision is ARM JSON; its ``properties`` are flattened to paths
(``containers[web].properties.image``; list items named by their ``name`` when
they have one) and the paths that differ are listed. ARM strips secret values
from what it sends, so none can appear here; every string is sanitised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from acitui.sanitize import sanitize_name

#: Fields that differ between any two revisions by construction.
IGNORED = frozenset({"revision"})
MAX_DEPTH = 32


@dataclass(frozen=True, slots=True)
class Change:
    path: str
    old: str | None  # None: absent in the older revision
    new: str | None  # None: absent in the newer revision


def flatten(value: Any, prefix: str = "", depth: int = 0) -> dict[str, str]:
    """``{"a": {"b": [1]}}`` → ``{"a.b[0]": "1"}``; named list items as ``[name]``."""
    if depth > MAX_DEPTH:
        return {prefix: "…"}
    out: dict[str, str] = {}
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not prefix and key in IGNORED:
                continue
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key), depth + 1))
        return out or ({prefix: "{}"} if prefix else {})
    if isinstance(value, list):
        for i, item in enumerate(value):
            name = item.get("name") if isinstance(item, Mapping) else None
            label = name if isinstance(name, str) and name else str(i)
            out.update(flatten(item, f"{prefix}[{label}]", depth + 1))
        return out or {prefix: "[]"}
    return {prefix: "null" if value is None else str(value)}


def diff_revisions(older: Mapping[str, Any], newer: Mapping[str, Any]) -> list[Change]:
    """The fields of ``properties`` (plus location, zones) that differ, sorted by path."""

    def fields(doc: Mapping[str, Any]) -> dict[str, str]:
        props = doc.get("properties")
        found = flatten(props if isinstance(props, Mapping) else {})
        for key in ("location", "zones", "tags"):
            if key in doc:
                found.update(flatten(doc[key], key))
        return found

    a, b = fields(older), fields(newer)
    return [
        Change(sanitize_name(p, max_len=300), _shown(a.get(p)), _shown(b.get(p)))
        for p in sorted(a.keys() | b.keys())
        if a.get(p) != b.get(p)
    ]


def _shown(value: str | None) -> str | None:
    return None if value is None else sanitize_name(value, max_len=300)


def change_line(change: Change) -> str:
    old = "(absent)" if change.old is None else change.old
    new = "(absent)" if change.new is None else change.new
    return f"{change.path}: {old} → {new}"
