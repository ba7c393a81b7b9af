"""Azure Monitor metrics for emulated groups (``{group id}/providers/Microsoft.Insights/metrics``).

Values are a pure function of the container, its personality and the minute,
so a manual clock gives the same graph every time and a real one moves:

- ``busy``: a web server (CPU 55–85 % of its request, steady memory, traffic);
- ``idle``: a sidecar (a few millicores, flat memory, a trickle of traffic);
- ``leak``: a worker whose memory climbs from its start towards its limit.

CPU is in millicores and memory in bytes, split by the ``containerName``
dimension; network is per group, as ACI reports it.
"""

from __future__ import annotations

import math
import re
import zlib
from datetime import UTC, datetime, timedelta
from typing import Any

from acitui.emulator.payloads import ArmError
from acitui.emulator.sim import GroupSim

NAMESPACE = "Microsoft.ContainerInstance/containerGroups"
#: name → (unit, description, split by containerName)
METRICS = {
    "CpuUsage": ("Count", "CPU usage on all cores in millicores.", True),
    "MemoryUsage": ("Bytes", "Total memory usage in bytes.", True),
    "NetworkBytesReceivedPerSecond": (
        "BytesPerSecond",
        "The network bytes received per second.",
        False,
    ),
    "NetworkBytesTransmittedPerSecond": (
        "BytesPerSecond",
        "The network bytes transmitted per second.",
        False,
    ),
}
AGGREGATIONS = {"average", "minimum", "maximum", "total", "count"}
MAX_POINTS = 1440
_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$", re.IGNORECASE)
_FILTER = re.compile(r"^\s*containername\s+eq\s+'([^']*)'\s*$", re.IGNORECASE)


def _bad(message: str) -> ArmError:
    return ArmError(400, "BadRequest", message)


def duration(text: str) -> timedelta:
    """An ISO 8601 duration such as ``PT1M`` or ``P1D``."""
    found = _DURATION.match(text.strip())
    if not found or not any(found.groups()):
        raise _bad(f"Invalid duration '{text}'; use ISO 8601 such as PT1M.")
    days, hours, minutes, seconds = (int(g or 0) for g in found.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def _instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise _bad(f"Invalid timespan bound '{text}'.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def timespan(text: str | None, now: datetime) -> tuple[datetime, datetime]:
    """``start/end``, ``start/duration``, ``duration`` (ending now) or nothing (the last hour)."""
    if not text:
        return now - timedelta(hours=1), now
    if "/" not in text:
        return now - duration(text), now
    first, second = text.split("/", 1)
    start = _instant(first)
    end = start + duration(second) if second.strip().upper().startswith("P") else _instant(second)
    if end <= start:
        raise _bad("The timespan ends before it starts.")
    return start, end


def _noise(*parts: object) -> float:
    """A repeatable number in [0, 1) for the given key."""
    return zlib.crc32("/".join(map(str, parts)).encode()) / 2**32


def sample(
    kind: str,
    key: str,
    at: datetime,
    started: datetime,
    cpu: float,
    memory_gb: float,
    fill_minutes: float = 180.0,
) -> tuple[float, float, float, float]:
    """(millicores, bytes, rx B/s, tx B/s) of one running container at ``at``.

    A ``leak`` fills its memory from a quarter to 97 % in ``fill_minutes`` after its start.
    """
    minute = int(at.timestamp() // 60)
    wave = math.sin(minute / 9.0 + _noise(key) * 6.28)
    jitter = _noise(key, minute) - 0.5
    limit = memory_gb * 1024**3
    millicores = cpu * 1000
    if kind == "busy":
        return (
            millicores * (0.70 + 0.12 * wave + 0.10 * jitter),
            limit * (0.58 + 0.03 * wave + 0.02 * jitter),
            180_000 * (1 + 0.3 * wave + 0.2 * jitter),
            1_400_000 * (1 + 0.35 * wave + 0.25 * jitter),
        )
    if kind == "leak":
        up = max(0.0, (at - started).total_seconds() / 60)
        return (
            millicores * (0.30 + 0.08 * wave + 0.08 * jitter),
            limit * min(0.97, 0.25 + 0.72 * up / max(1.0, fill_minutes) + 0.003 * jitter),
            9_000 * (1 + 0.2 * jitter),
            4_000 * (1 + 0.2 * jitter),
        )
    return (
        millicores * (0.006 + 0.004 * (jitter + 0.5)),
        limit * (0.12 + 0.004 * jitter),
        600 * (1 + 0.5 * jitter),
        350 * (1 + 0.5 * jitter),
    )


def _series(values: list[float | None], points: list[datetime], aggregations: set[str]):
    data = []
    for at, value in zip(points, values, strict=True):
        item: dict[str, Any] = {"timeStamp": at.strftime("%Y-%m-%dT%H:%M:%SZ")}
        if value is not None:
            for name in aggregations:
                item[name] = 1.0 if name == "count" else round(value, 3)
        data.append(item)
    return data


def metrics(
    resource_id: str,
    group: GroupSim,
    kinds: dict[str, str],
    query: dict[str, str],
    now: datetime,
) -> dict[str, Any]:
    """The body of ``GET {resource_id}/providers/Microsoft.Insights/metrics``."""
    namespace = query.get("metricnamespace")
    if namespace and namespace.lower() != NAMESPACE.lower():
        raise _bad(f"Metric namespace '{namespace}' is not valid here; use {NAMESPACE}.")
    names = [n.strip() for n in (query.get("metricnames") or "CpuUsage").split(",") if n.strip()]
    by_lower = {n.lower(): n for n in METRICS}
    unknown = [n for n in names if n.lower() not in by_lower]
    if unknown:
        raise _bad(
            f"Failed to find metric configuration for provider: Microsoft.ContainerInstance, "
            f"resource Type: containerGroups, metric: {unknown[0]}. Valid metrics: "
            f"{','.join(METRICS)}"
        )
    aggregations = {a.strip().lower() for a in (query.get("aggregation") or "Average").split(",")}
    if not aggregations <= AGGREGATIONS:
        raise _bad(f"Invalid aggregation '{query.get('aggregation')}'.")
    grain = duration(query.get("interval") or "PT1M")
    if grain < timedelta(minutes=1):
        raise _bad("The interval must be at least PT1M.")
    start, end = timespan(query.get("timespan"), now)
    first = datetime.fromtimestamp(
        start.timestamp() // grain.total_seconds() * grain.total_seconds(), UTC
    )
    points = []
    at = first
    while at < end:
        points.append(at)
        at += grain
    if len(points) > MAX_POINTS:
        raise _bad(f"The query asks for {len(points)} points; at most {MAX_POINTS} are allowed.")
    split: str | None = None
    if query.get("$filter"):
        found = _FILTER.match(query["$filter"])
        if not found:
            raise _bad(f"Invalid $filter '{query['$filter']}'; use containerName eq '*'.")
        split = found.group(1)
    per_container = _samples(group, kinds, points, grain, now)
    value = []
    for name in (by_lower[n.lower()] for n in names):
        unit, description, splittable = METRICS[name]
        index = list(METRICS).index(name)
        series = []
        if splittable and split is not None:
            for container, rows in per_container.items():
                if split not in ("*", container):
                    continue
                values = [None if row is None else row[index] for row in rows]
                series.append(
                    {
                        "metadatavalues": [
                            {
                                "name": {
                                    "value": "containername",
                                    "localizedValue": "containername",
                                },
                                "value": container,
                            }
                        ],
                        "data": _series(values, points, aggregations),
                    }
                )
        else:
            totals: list[float | None] = []
            for i in range(len(points)):
                column = [rows[i][index] for rows in per_container.values() if rows[i] is not None]
                totals.append(sum(column) if column else None)
            series.append({"metadatavalues": [], "data": _series(totals, points, aggregations)})
        value.append(
            {
                "id": f"{resource_id}/providers/Microsoft.Insights/metrics/{name}",
                "type": "Microsoft.Insights/metrics",
                "name": {"value": name, "localizedValue": name},
                "displayDescription": description,
                "unit": unit,
                "timeseries": series,
                "errorCode": "Success",
            }
        )
    return {
        "cost": len(points) * len(value),
        "timespan": f"{start.strftime('%Y-%m-%dT%H:%M:%SZ')}/{end.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "interval": query.get("interval") or "PT1M",
        "namespace": NAMESPACE,
        "resourceregion": group.stored["location"],
        "value": value,
    }


def definitions(resource_id: str) -> dict[str, Any]:
    """The body of ``GET {resource_id}/providers/Microsoft.Insights/metricDefinitions``."""
    grains = ("PT1M", "PT5M", "PT15M", "PT30M", "PT1H", "PT6H", "PT12H", "P1D")
    return {
        "value": [
            {
                "id": f"{resource_id}/providers/microsoft.insights/metricdefinitions/{name}",
                "resourceId": resource_id,
                "namespace": NAMESPACE,
                "name": {"value": name, "localizedValue": name},
                "displayDescription": description,
                "category": "Traffic" if name.startswith("Network") else "Saturation",
                "unit": unit,
                "primaryAggregationType": "Average",
                "supportedAggregationTypes": [
                    "None",
                    "Average",
                    "Minimum",
                    "Maximum",
                    "Total",
                    "Count",
                ],
                "metricAvailabilities": [{"timeGrain": g, "retention": "P93D"} for g in grains],
                "isDimensionRequired": False,
                "dimensions": (
                    [{"value": "containerName", "localizedValue": "containerName"}] if split else []
                ),
            }
            for name, (unit, description, split) in METRICS.items()
        ]
    }


def _samples(
    group: GroupSim, kinds: dict[str, str], points: list[datetime], grain: timedelta, now: datetime
):
    """Per container, one sample per point (None when it did not run during that grain)."""
    out: dict[str, list[tuple[float, float, float, float] | None]] = {}
    specs = {c["name"]: c["properties"] for c in group.stored["properties"]["containers"]}
    for index, c in enumerate(group.containers):
        requests = specs.get(c.name, {}).get("resources", {}).get("requests", {})
        cpu, memory = float(requests.get("cpu", 1.0)), float(requests.get("memoryInGB", 1.0))
        kind = kinds.get(c.name.lower()) or ("busy" if index == 0 else "idle")
        key = f"{group.resource_group}/{group.name}/{c.name}".lower()
        run = c.behaviour.run_seconds  # a leak that is killed at the end of its run fills by then
        fill = run / 60 if run and c.behaviour.exit_code == 137 else 180.0
        rows: list[tuple[float, float, float, float] | None] = []
        for at in points:
            started = c.start
            running = c.state == "Running" and started is not None and started < at + grain
            rows.append(
                sample(kind, key, max(at, started), started, cpu, memory, fill)
                if running and started
                else None
            )
        out[c.name] = rows
    return out
