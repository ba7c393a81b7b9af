"""The contract-suite fleet on the ARM emulator, reached by the real Azure SDK over HTTPS."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from typing import Any

from acitui.backends.azure import AzureSettings
from acitui.config import Settings
from acitui.emulator import Emulator
from acitui.model import GroupRef
from tests.backends.conftest import ContractFleet

RG = "contract-rg"
HOSTILE = "evil \x1b]52;c;cHduZWQ=\x07 clipboard \x1b[2J cleared"


def container(name: str, env: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "properties": {
            "image": "busybox:latest",
            "resources": {"requests": {"cpu": 0.5, "memoryInGB": 0.5}},
            "environmentVariables": env or [],
        },
    }


def group_body(restart_policy: str, *containers: dict[str, Any]) -> dict[str, Any]:
    return {
        "location": "westeurope",
        "tags": {"suite": "contract"},
        "properties": {
            "osType": "Linux",
            "restartPolicy": restart_policy,
            "ipAddress": {"type": "Public", "ports": [{"port": 80, "protocol": "TCP"}]},
            "containers": list(containers),
        },
    }


def make_settings(emu: Emulator, **azure: Any) -> Settings:
    """Settings that point the real SDK at ``emu`` with its token and CA."""
    values: dict[str, Any] = {
        "arm_endpoint": emu.endpoint,
        "token": emu.token,
        "ca_bundle": emu.ca_file,
        "subscription": emu.subscription_id,
        "log_poll_seconds": 0.1,
    }
    values.update(azure)
    return Settings(backend="azure", azure=AzureSettings(**values))


def populate(emu: Emulator, suffix: str) -> dict[str, GroupRef]:
    """Create the four contract groups; returns them by role."""
    refs = {
        role: GroupRef(RG, f"{role}-{suffix}")
        for role in ("running", "failed", "succeeded", "stoppable")
    }
    web_env = [
        {"name": "PLAIN_SETTING", "value": "visible-value"},
        {"name": "DB_PASSWORD", "secureValue": "never-shown-secret"},
    ]
    running = refs["running"]
    emu.put_group(
        RG,
        running.name,
        group_body("Always", container("web", web_env), container("sidecar")),
    )
    emu.append_logs(RG, running.name, "web", ["hello from web", HOSTILE])
    emu.append_logs(RG, running.name, "sidecar", ["sidecar ready"])
    emu.put_group(RG, refs["failed"].name, group_body("Never", container("job")))
    emu.append_logs(RG, refs["failed"].name, "job", ["job failing"])
    emu.exit_container(RG, refs["failed"].name, "job", 3, "Error")
    emu.put_group(RG, refs["succeeded"].name, group_body("Never", container("batch")))
    emu.append_logs(RG, refs["succeeded"].name, "batch", ["batch done"])
    emu.exit_container(RG, refs["succeeded"].name, "batch", 0, "Completed")
    emu.put_group(RG, refs["stoppable"].name, group_body("Always", container("app")))
    return refs


@contextlib.contextmanager
def build_fleet() -> Iterator[ContractFleet]:
    """Start an emulator, create the fleet, and hand out backends built from settings."""
    from acitui.backends.azure.backend import AzureBackend

    with Emulator() as emu:
        refs = populate(emu, uuid.uuid4().hex[:6])

        def make_backend(read_only: bool = False) -> AzureBackend:
            settings = make_settings(emu).with_(read_only=read_only)
            backend = AzureBackend.from_settings(settings)
            backend.lro_poll_seconds = 0.1
            backend.log_reads_per_minute = 1200  # the contract suite follows quickly
            return backend

        async def emit(ref: GroupRef, name: str, lines: list[str]) -> None:
            emu.append_logs(ref.resource_group, ref.name, name, lines)

        yield ContractFleet(
            name="azure",
            make_backend=make_backend,
            resource_group=RG,
            running=refs["running"],
            failed=refs["failed"],
            succeeded=refs["succeeded"],
            stoppable=refs["stoppable"],
            missing=GroupRef(RG, "no-such-group"),
            emit=emit,
            secure_env=("DB_PASSWORD",),
        )
