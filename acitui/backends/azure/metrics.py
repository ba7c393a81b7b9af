"""Container metrics from Azure Monitor (``Microsoft.ContainerInstance/containerGroups``).

``CpuUsage`` (millicores) and ``MemoryUsage`` (bytes) come split by the
``containerName`` dimension, network only per group; all at the one-minute
grain. The Monitor client shares the ACI client's credential, cloud, CA
bundle, retries, deadline and body cap (:meth:`ArmClients.options`).
Percentages are of each container's CPU/memory request (ACI's limit when it
has one).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from azure.mgmt.monitor.aio import MonitorManagementClient

from acitui.backends.azure.clients import ArmClients
from acitui.model import Container, ContainerGroup, MetricSample

NAMES = "CpuUsage,MemoryUsage,NetworkBytesReceivedPerSecond,NetworkBytesTransmittedPerSecond"
SPLIT = "containerName eq '*'"
GRAIN = "PT1M"
#: Seconds between polls: the metric's grain (each read costs quota).
POLL_SECONDS = 60.0
_NETWORK = {"NetworkBytesReceivedPerSecond": "rx", "NetworkBytesTransmittedPerSecond": "tx"}


class MonitorReader:
    """The Monitor client of one Azure backend, built on first use and closed with it."""

    def __init__(self, clients: ArmClients) -> None:
        self._clients = clients
        self._client: MonitorManagementClient | None = None

    def client(self) -> MonitorManagementClient:
        if self._client is None:
            c = self._clients
            self._client = MonitorManagementClient(
                c._signing_in(), c.subscription_id, **c.options()
            )
        return self._client

    async def read(self, group: ContainerGroup, minutes: int) -> list[MetricSample]:
        """The group's samples over the last ``minutes``, oldest first."""
        end = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
        start = end - timedelta(minutes=max(1, minutes))
        result = await self.client().metrics.list(
            group.id,
            timespan=f"{start:%Y-%m-%dT%H:%M:%SZ}/{end:%Y-%m-%dT%H:%M:%SZ}",
            interval=GRAIN,
            metricnames=NAMES,
            aggregation="Average",
            filter=SPLIT,
        )
        return to_samples(result.value or [], group)

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                await client.close()
            except Exception:  # closing must never fail the caller
                pass


def _points(series: Any) -> Iterable[tuple[datetime, float]]:
    for point in series.data or []:
        if point.average is not None and point.time_stamp is not None:
            when = point.time_stamp
            yield (when if when.tzinfo else when.replace(tzinfo=UTC)), float(point.average)


def _container_of(series: Any) -> str:
    for meta in series.metadatavalues or []:
        if str(getattr(meta.name, "value", "")).lower() == "containername":
            return str(meta.value or "")
    return ""


def _percent(value: float | None, limit: float | None) -> float | None:
    return value / limit * 100.0 if value is not None and limit else None


def to_samples(metrics: list[Any], group: ContainerGroup) -> list[MetricSample]:
    """Azure Monitor's series as one sample per container and minute, oldest first."""
    cpu: dict[tuple[datetime, str], float] = {}
    memory: dict[tuple[datetime, str], float] = {}
    network: dict[datetime, dict[str, float]] = {}
    for metric in metrics:
        name = str(getattr(metric.name, "value", ""))
        for series in metric.timeseries or []:
            for when, value in _points(series):
                if name == "CpuUsage":
                    cpu[(when, _container_of(series))] = value
                elif name == "MemoryUsage":
                    memory[(when, _container_of(series))] = value
                elif name in _NETWORK:
                    network.setdefault(when, {})[_NETWORK[name]] = value
    limits: dict[str, Container] = {c.name: c for c in group.containers}
    samples = []
    for when, name in sorted(set(cpu) | set(memory)):
        spec = limits.get(name)
        millicores = cpu.get((when, name))
        used = memory.get((when, name))
        net = network.get(when, {})
        cores = spec.cpu if spec is not None else None
        gib = spec.memory_gb if spec is not None else None
        samples.append(
            MetricSample(
                name,
                when,
                millicores,
                _percent(millicores, cores * 1000 if cores else None),
                int(used) if used is not None else None,
                _percent(used, gib * 1024**3 if gib else None),
                net.get("rx"),
                net.get("tx"),
            )
        )
    return samples


def latest(samples: list[MetricSample]) -> list[MetricSample]:
    """Each container's newest sample."""
    newest: dict[str, MetricSample] = {}
    for sample in samples:
        newest[sample.container] = sample
    return list(newest.values())
