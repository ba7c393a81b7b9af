"""Live resource use of a group's containers from the engine's stats stream.

One reader thread per watched container (never the default executor: the
streams block for as long as someone watches) keeps the latest reading; the
async iterator hands out the group's readings about once a second and, when
closed, shuts every reader's socket so the threads end in milliseconds.

The figures are computed as ``docker stats`` computes them: CPU from the
deltas of container and system CPU time × online CPUs, memory as usage minus
inactive file cache (``inactive_file`` on cgroup v2, ``total_inactive_file``
on v1), network from the deltas of the byte counters between two readings.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncGenerator, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from acitui.backends.docker.errors import translate
from acitui.backends.docker.logs import shutdown
from acitui.backends.docker.times import parse_time_ns
from acitui.model import MetricSample

#: Seconds between the readings handed out (the engine sends one a second).
INTERVAL = 1.0
#: Most snapshot reads (``acitui top``) in flight at once.
SNAPSHOT_THREADS = 16


@dataclass(frozen=True, slots=True)
class Watched:
    """A running container to read: its engine id, its name in the group, its CPU limit."""

    id: str
    name: str
    cpu_limit: float | None = None  # cores; None: % of one core, as ``docker stats``


def _num(data: Mapping[str, Any], *keys: str) -> float | None:
    """A number found by following ``keys``; None when any step is missing or not a number."""
    value: Any = data
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _cpus(raw: Mapping[str, Any]) -> float:
    online = _num(raw, "cpu_stats", "online_cpus")
    if online:
        return online
    per_cpu = (raw.get("cpu_stats") or {}).get("cpu_usage", {}).get("percpu_usage")
    return float(len(per_cpu)) if isinstance(per_cpu, list) and per_cpu else 1.0


def cpu_millicores(raw: Mapping[str, Any]) -> float | None:
    """Millicores used between ``precpu_stats`` and ``cpu_stats`` (None without a previous one)."""
    used = _num(raw, "cpu_stats", "cpu_usage", "total_usage")
    used_before = _num(raw, "precpu_stats", "cpu_usage", "total_usage")
    system = _num(raw, "cpu_stats", "system_cpu_usage")
    system_before = _num(raw, "precpu_stats", "system_cpu_usage")
    if None in (used, used_before, system, system_before) or not system_before:
        return None  # the stream's first reading has no previous one
    assert used is not None and used_before is not None
    assert system is not None and system_before is not None
    system_delta = system - system_before
    if system_delta <= 0:
        return None
    return max(used - used_before, 0.0) / system_delta * _cpus(raw) * 1000.0


def memory_used(raw: Mapping[str, Any]) -> tuple[int | None, float | None]:
    """(bytes used without inactive file cache, % of the limit) — None where unknown."""
    usage = _num(raw, "memory_stats", "usage")
    if usage is None:
        return None, None
    stats = (raw.get("memory_stats") or {}).get("stats") or {}
    for key in ("inactive_file", "total_inactive_file"):  # cgroup v2, then v1
        cache = _num(stats, key)
        if cache is not None and cache < usage:
            usage -= cache
            break
    limit = _num(raw, "memory_stats", "limit")
    percent = usage / limit * 100.0 if limit else None
    return int(usage), percent


def _net_bytes(raw: Mapping[str, Any]) -> tuple[float, float] | None:
    networks = raw.get("networks")
    if not isinstance(networks, Mapping) or not networks:
        return None  # a member sharing its owner's namespace reports none
    rx = sum(_num(n, "rx_bytes") or 0.0 for n in networks.values() if isinstance(n, Mapping))
    tx = sum(_num(n, "tx_bytes") or 0.0 for n in networks.values() if isinstance(n, Mapping))
    return rx, tx


def to_sample(
    watched: Watched, raw: Mapping[str, Any], previous: Mapping[str, Any] | None = None
) -> MetricSample:
    """One engine reading as a neutral sample; ``previous`` (the last one) gives the rates."""
    read_ns = parse_time_ns(str(raw.get("read") or ""))
    when = datetime.fromtimestamp(read_ns / 1e9, UTC) if read_ns else datetime.now(UTC)
    millicores = cpu_millicores(raw)
    limit = watched.cpu_limit or 1.0
    percent = millicores / (limit * 10.0) if millicores is not None else None
    memory, memory_percent = memory_used(raw)
    rx = tx = None
    now_net = _net_bytes(raw)
    if previous is not None and now_net is not None:
        before_net = _net_bytes(previous)
        before_ns = parse_time_ns(str(previous.get("read") or ""))
        if before_net is not None and read_ns and before_ns and read_ns > before_ns:
            seconds = (read_ns - before_ns) / 1e9
            rx = max(now_net[0] - before_net[0], 0.0) / seconds
            tx = max(now_net[1] - before_net[1], 0.0) / seconds
    return MetricSample(watched.name, when, millicores, percent, memory, memory_percent, rx, tx)


class StatsReader(threading.Thread):
    """Reads one container's stats stream until stopped; keeps only the newest sample."""

    def __init__(self, make_api: Callable[[], Any], host: str, watched: Watched) -> None:
        super().__init__(name=f"acitui-stats-{watched.name}", daemon=True)
        self._make_api, self._host, self.watched = make_api, host, watched
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._response: Any = None
        self._latest: MetricSample | None = None
        self.error: Exception | None = None

    def take(self) -> MetricSample | None:
        """The newest sample not handed out yet (None when nothing new came)."""
        with self._lock:
            sample, self._latest = self._latest, None
        return sample

    def run(self) -> None:
        api = None
        try:
            api = self._make_api()
            url = api._url("/containers/{0}/stats", self.watched.id)
            response = api._get(url, params={"stream": True}, stream=True)
            with self._lock:
                self._response = response
            if self._stopping.is_set():
                return
            api._raise_for_status(response)
            previous: Mapping[str, Any] | None = None
            for raw in api._stream_helper(response, decode=True):
                if self._stopping.is_set():
                    return
                if isinstance(raw, Mapping):
                    sample = to_sample(self.watched, raw, previous)
                    previous = raw
                    with self._lock:
                        self._latest = sample
        except Exception as exc:
            if not self._stopping.is_set():
                self.error = translate(exc, self._host)
        finally:
            if api is not None:
                api.close()

    def stop(self) -> None:
        """End the thread now: flag it and shut its socket."""
        self._stopping.set()
        with self._lock:
            response = self._response
        if response is not None:
            shutdown(response)


async def stream(
    make_api: Callable[[], Any], host: str, containers: list[Watched], interval: float = INTERVAL
) -> AsyncGenerator[list[MetricSample], None]:
    """The containers' newest readings, one list per ``interval`` with news; closing stops all."""
    readers = [StatsReader(make_api, host, w) for w in containers]
    for reader in readers:
        reader.start()
    try:
        while readers:
            await asyncio.sleep(interval)
            batch = [s for r in readers if (s := r.take()) is not None]
            if batch:
                yield batch
            elif all(not r.is_alive() for r in readers):
                failed = next((r.error for r in readers if r.error is not None), None)
                if failed is not None:
                    raise failed
                return  # every container stopped
    finally:
        for reader in readers:
            reader.stop()
        await asyncio.to_thread(_join, readers)


def _join(readers: list[StatsReader]) -> None:
    """Wait (briefly) for stopped readers: nothing reads once nobody watches."""
    for reader in readers:
        reader.join(2.0)


def _one_reading(api: Any, watched: Watched) -> MetricSample | None:
    """A single reading; the engine samples twice (about a second) so CPU has a delta."""
    try:
        raw = api.stats(watched.id, stream=False)
    except Exception:  # stopped or removed since it was listed: no sample
        return None
    return to_sample(watched, raw) if isinstance(raw, Mapping) else None


async def snapshot(api: Any, containers: list[Watched]) -> list[MetricSample]:
    """One reading of each container, read side by side on threads of our own."""
    if not containers:
        return []
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(min(SNAPSHOT_THREADS, len(containers)), "acitui-stats") as pool:
        found = await asyncio.gather(
            *(loop.run_in_executor(pool, _one_reading, api, w) for w in containers)
        )
    return [s for s in found if s is not None]
