"""Azure Monitor metrics, read with the real azure-mgmt-monitor client over HTTPS."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.monitor.aio import MonitorManagementClient

from acitui.emulator import Emulator
from tests.emulator.conftest import StaticToken, group_body

pytestmark = pytest.mark.azure

SPLIT = "containerName eq '*'"
NAMES = "CpuUsage,MemoryUsage,NetworkBytesReceivedPerSecond,NetworkBytesTransmittedPerSecond"


@pytest.fixture
def fleet(manual_emu: Emulator) -> Emulator:
    """A web group (busy web, idle sidecar) and a leaking worker, running for two hours."""
    manual_emu.put_group("rg", "shop", group_body(("web", "sidecar")), age=2 * 3600)
    manual_emu.put_group("rg", "jobs", group_body(("worker",)), age=2 * 3600)
    manual_emu.set_metrics("rg", "jobs", "worker", "leak")
    return manual_emu


def monitor_client(emu: Emulator) -> MonitorManagementClient:
    """The real async Azure Monitor client pointed at the emulator over HTTPS."""
    return MonitorManagementClient(
        StaticToken(emu.token),
        emu.subscription_id,
        base_url=emu.endpoint,
        connection_verify=emu.ca_file,
    )


@pytest.fixture
def monitor_for():  # type: ignore[no-untyped-def]
    return monitor_client


@pytest.fixture
async def monitor(fleet: Emulator) -> AsyncIterator[MonitorManagementClient]:
    async with monitor_client(fleet) as client:
        yield client


def group_id(emu: Emulator, name: str) -> str:
    return emu.get_group("rg", name)["id"]


def span(emu: Emulator, minutes: int = 60) -> str:
    end = emu.now()
    start = end - timedelta(minutes=minutes)
    return f"{start:%Y-%m-%dT%H:%M:%SZ}/{end:%Y-%m-%dT%H:%M:%SZ}"


def by_container(result, metric: str) -> dict[str, list[float]]:
    found = next(m for m in result.value if m.name.value == metric)
    return {
        ts.metadatavalues[0].value: [p.average for p in ts.data if p.average is not None]
        for ts in found.timeseries
    }


async def test_busy_web_and_idle_sidecar_split_by_container(
    fleet: Emulator, monitor: MonitorManagementClient
) -> None:
    """The web server uses most of its CPU request; the sidecar a few millicores."""
    result = await monitor.metrics.list(
        group_id(fleet, "shop"),
        timespan=span(fleet),
        interval="PT1M",
        metricnames=NAMES,
        aggregation="Average",
        filter=SPLIT,
    )
    assert result.namespace == "Microsoft.ContainerInstance/containerGroups"
    cpu = by_container(result, "CpuUsage")
    assert set(cpu) == {"web", "sidecar"}
    assert len(cpu["web"]) == 60
    assert all(250 < v <= 500 for v in cpu["web"])  # 0.5 CPU requested = 500 millicores
    assert all(v < 10 for v in cpu["sidecar"])
    memory = by_container(result, "MemoryUsage")
    assert all(0.4 * 2**29 < v < 0.7 * 2**29 for v in memory["web"])  # of 0.5 GiB
    rx = next(m for m in result.value if m.name.value == "NetworkBytesReceivedPerSecond")
    assert rx.unit == "BytesPerSecond" and len(rx.timeseries) == 1
    assert all(p.average > 1000 for p in rx.timeseries[0].data)


async def test_leaking_worker_memory_climbs(
    fleet: Emulator, monitor: MonitorManagementClient
) -> None:
    """A leaking worker's memory rises over the hour and stays under its limit."""
    result = await monitor.metrics.list(
        group_id(fleet, "jobs"),
        timespan=span(fleet),
        interval="PT5M",
        metricnames="MemoryUsage",
        aggregation="Average",
        filter="containerName eq 'worker'",
    )
    values = by_container(result, "MemoryUsage")["worker"]
    assert len(values) >= 12
    assert values[-1] > values[0] * 1.1
    assert max(values) < 2**29


async def test_values_move_with_the_emulator_clock(
    fleet: Emulator, monitor: MonitorManagementClient
) -> None:
    """A later query (the clock moved) sees new points; the same instant gives the same data."""
    gid = group_id(fleet, "shop")
    first = await monitor.metrics.list(gid, timespan="PT10M", metricnames="CpuUsage")
    again = await monitor.metrics.list(gid, timespan="PT10M", metricnames="CpuUsage")
    fleet.advance(180)
    later = await monitor.metrics.list(gid, timespan="PT10M", metricnames="CpuUsage")

    def points(result):
        return [(p.time_stamp, p.average) for p in result.value[0].timeseries[0].data]

    assert points(first) == points(again)
    assert points(later)[-1][0] - points(first)[-1][0] == timedelta(minutes=3)


async def test_stopped_group_has_no_values(
    fleet: Emulator, monitor: MonitorManagementClient
) -> None:
    """After a stop, the points carry no average (the containers use nothing)."""
    fleet.store.stop_group("rg", "shop")
    fleet.advance(600)
    result = await monitor.metrics.list(
        group_id(fleet, "shop"), timespan="PT5M", metricnames="CpuUsage"
    )
    assert all(p.average is None for p in result.value[0].timeseries[0].data)


async def test_unknown_metric_is_a_clear_400(
    fleet: Emulator, monitor: MonitorManagementClient
) -> None:
    """Asking for a metric ACI does not have names it and lists the valid ones."""
    with pytest.raises(HttpResponseError) as caught:
        await monitor.metrics.list(group_id(fleet, "shop"), metricnames="GpuUsage")
    assert caught.value.status_code == 400
    assert "GpuUsage" in str(caught.value) and "CpuUsage" in str(caught.value)


async def test_metric_definitions_name_the_container_dimension(
    fleet: Emulator, monitor: MonitorManagementClient
) -> None:
    """The definitions list the four ACI metrics; CPU and memory split by containerName."""
    found = {
        d.name.value: d async for d in monitor.metric_definitions.list(group_id(fleet, "shop"))
    }
    assert set(found) == {
        "CpuUsage",
        "MemoryUsage",
        "NetworkBytesReceivedPerSecond",
        "NetworkBytesTransmittedPerSecond",
    }
    assert [d.value for d in found["CpuUsage"].dimensions] == ["containerName"]
    assert found["MemoryUsage"].unit == "Bytes"
    assert found["NetworkBytesReceivedPerSecond"].dimensions == []


async def test_wrong_namespace_is_refused(
    fleet: Emulator, monitor: MonitorManagementClient
) -> None:
    """A metric namespace other than container groups' is a 400 naming the right one."""
    with pytest.raises(HttpResponseError) as caught:
        await monitor.metrics.list(
            group_id(fleet, "shop"),
            metricnames="CpuUsage",
            metricnamespace="Microsoft.Compute/virtualMachines",
        )
    assert caught.value.status_code == 400
    assert "Microsoft.ContainerInstance/containerGroups" in str(caught.value)


async def test_metrics_of_a_missing_group_is_404(
    fleet: Emulator, monitor: MonitorManagementClient
) -> None:
    """Metrics of a group that does not exist are ResourceNotFound, as for any ARM read."""
    from azure.core.exceptions import ResourceNotFoundError

    missing = group_id(fleet, "shop").replace("/shop", "/gone")
    with pytest.raises(ResourceNotFoundError):
        await monitor.metrics.list(missing, metricnames="CpuUsage")


async def test_leak_that_is_oom_killed_nears_its_limit_first(
    manual_emu: Emulator, monitor_for
) -> None:
    """A leaking worker that ACI OOM-kills after its run shows memory near its limit before."""
    from acitui.emulator import Behaviour

    oom = Behaviour(run_seconds=30 * 60, exit_code=137, reason="OOMKilled")
    manual_emu.put_group(
        "rg", "etl", group_body(("worker",), "OnFailure"), {"worker": oom}, age=28 * 60
    )
    manual_emu.set_metrics("rg", "etl", "worker", "leak")
    async with monitor_for(manual_emu) as monitor:
        result = await monitor.metrics.list(
            group_id(manual_emu, "etl"), timespan="PT30M", metricnames="MemoryUsage"
        )
    values = [p.average for p in result.value[0].timeseries[0].data if p.average is not None]
    assert values[-1] > 0.85 * 2**29 > values[0]
    manual_emu.advance(3 * 60)  # killed at 30 minutes, started again: memory back down
    state = manual_emu.get_group("rg", "etl")["properties"]["containers"][0]["properties"]
    assert state["instanceView"]["previousState"]["detailStatus"] == "OOMKilled"
    async with monitor_for(manual_emu) as monitor:
        result = await monitor.metrics.list(
            group_id(manual_emu, "etl"), timespan="PT2M", metricnames="MemoryUsage"
        )
    assert result.value[0].timeseries[0].data[-1].average < 0.4 * 2**29
