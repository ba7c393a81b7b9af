"""Metric figures as short text, shared by ``acitui top``/``stats`` and the TUI (stdlib only)."""

from __future__ import annotations

from acitui.model import MetricSample


def size(value: float | None, suffix: str = "") -> str:
    """Bytes in binary units (``12.5MiB``); ``-`` when unknown."""
    if value is None:
        return "-"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(value) < 1024 or unit == "GiB":
            shown = f"{value:.0f}" if unit == "B" else f"{value:.1f}"
            return f"{shown}{unit}{suffix}"
        value /= 1024
    return "-"  # pragma: no cover - the loop always returns


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def millicores(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}m"


def cpu_cell(sample: MetricSample | None) -> str:
    """``626m 63%`` — value and share of the limit, for a narrow column."""
    if sample is None or sample.cpu_millicores is None:
        return "-"
    share = "" if sample.cpu_percent is None else f" {sample.cpu_percent:.0f}%"
    return millicores(sample.cpu_millicores) + share


def memory_cell(sample: MetricSample | None) -> str:
    """``863.1MiB 56%`` — value and share of the limit."""
    if sample is None or sample.memory_bytes is None:
        return "-"
    share = "" if sample.memory_percent is None else f" {sample.memory_percent:.0f}%"
    return size(sample.memory_bytes) + share


def group_total(samples: list[MetricSample]) -> MetricSample | None:
    """A group's containers summed; the percent is the busiest container's share of its limit.

    (A container at its limit is what starves, whatever its neighbours do.)
    """
    if not samples:
        return None
    cpu = [s.cpu_millicores for s in samples if s.cpu_millicores is not None]
    mem = [s.memory_bytes for s in samples if s.memory_bytes is not None]
    cpu_share = [s.cpu_percent for s in samples if s.cpu_percent is not None]
    mem_share = [s.memory_percent for s in samples if s.memory_percent is not None]
    return MetricSample(
        "",
        max(s.time for s in samples),
        sum(cpu) if cpu else None,
        max(cpu_share) if cpu_share else None,
        sum(mem) if mem else None,
        max(mem_share) if mem_share else None,
    )
