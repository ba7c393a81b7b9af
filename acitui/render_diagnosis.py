"""The diagnosis of a group for the headless faces: a JSON field and plain lines (stdlib only)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from acitui.diagnosis import diagnose
from acitui.model import ContainerGroup, Diagnosis, MetricSample


def find(
    group: ContainerGroup, now: datetime | None = None, metrics: list[MetricSample] | None = None
) -> Diagnosis | None:
    """Why ``group`` is not healthy (None when it is), as of ``now`` (default: the clock)."""
    return diagnose(group, now=now or datetime.now(UTC), metrics=metrics)


def diagnosis_json(found: Diagnosis | None) -> dict[str, Any] | None:
    """``{"severity", "rule", "summary", "evidence", "container"}``, or None when healthy."""
    if found is None:
        return None
    return {
        "severity": str(found.severity),
        "rule": found.rule,
        "summary": found.summary,
        "evidence": list(found.evidence),
        "container": found.container,
    }


def diagnosis_lines(found: Diagnosis | None) -> list[str]:
    """``Diagnosis: …`` then the evidence, indented; [] when healthy (text already sanitised)."""
    if found is None:
        return []
    return [f"Diagnosis:       {found.summary}", *(f"  {e}" for e in found.evidence)]
