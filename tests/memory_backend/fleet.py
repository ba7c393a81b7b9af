"""Deterministic groups for the in-memory backend: the UI's sample fleet and a log-view group."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from acitui.model import (
    Container,
    ContainerGroup,
    ContainerState,
    ContainerStatus,
    EnvVar,
    Event,
    GroupState,
    IpAddress,
    Port,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def make_group(
    name: str,
    rg: str = "prod",
    *,
    state: GroupState = GroupState.RUNNING,
    image: str = "nginx:1.27",
    env: tuple[EnvVar, ...] = (),
    containers: int = 1,
    created_minutes_ago: int = 90,
) -> ContainerGroup:
    """A group as the list and detail views see it: IP, ports, events, ``containers`` members."""
    running = state is GroupState.RUNNING
    current = ContainerState(
        ContainerStatus.RUNNING if running else ContainerStatus.TERMINATED,
        detail_status="" if running else "Error",
        exit_code=None if running else 3,
        start_time=NOW - timedelta(minutes=created_minutes_ago),
    )
    members = tuple(
        Container(
            name=name if i == 0 else f"sidecar{i}",
            image=image,
            cpu=1.0,
            memory_gb=1.5,
            ports=(Port(80),) if i == 0 else (),
            environment=env if i == 0 else (),
            current_state=current,
            restart_count=0 if running else 2,
        )
        for i in range(containers)
    )
    events = (
        Event(None, "Normal", "Pulled", f"pulled {image}", 1, NOW - timedelta(minutes=80)),
        Event(
            name,
            "Warning" if not running else "Normal",
            "BackOff" if not running else "Started",
            "back-off restarting" if not running else "started container",
            3 if not running else 1,
            NOW - timedelta(minutes=60),
            NOW - timedelta(minutes=5),
        ),
    )
    return ContainerGroup(
        name=name,
        resource_group=rg,
        state=state,
        location="westeurope",
        os_type="Linux",
        restart_policy="Always",
        ip_address=IpAddress(f"10.0.0.{len(name)}", "Public", (Port(80),)),
        containers=members,
        events=events,
        created=NOW - timedelta(minutes=created_minutes_ago),
        provisioning_state="Succeeded",
    )


def log_group(name: str = "web", containers: tuple[str, ...] = ("app",)) -> ContainerGroup:
    """A bare running group in ``local`` whose containers' logs a log-view test writes."""
    running = ContainerState(ContainerStatus.RUNNING)
    return ContainerGroup(
        name=name,
        resource_group="local",
        state=GroupState.RUNNING,
        containers=tuple(Container(c, "busybox", current_state=running) for c in containers),
    )


def sample_groups() -> list[ContainerGroup]:
    """A small deterministic fleet: two resource groups, one failed group, env vars."""
    return [
        make_group(
            "web",
            env=(
                EnvVar("PLAIN_SETTING", "visible-value"),
                EnvVar("DB_PASSWORD", None, secure=True),
                EnvVar("LOG_LEVEL", "debug"),
            ),
            containers=2,
        ),
        make_group("api", image="ghcr.io/acme/api:2"),
        make_group("batch", state=GroupState.FAILED, image="busybox"),
        make_group("worker", rg="staging", image="python:3.11"),
    ]
