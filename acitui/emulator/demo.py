"""The demo fleet: every state the app has to show, with logs that grow in real time.

``seed_demo(emu)`` fills an emulator with the classic fleet (the UI snapshots'),
``seed_full_demo(emu)`` adds the 2025+ resources of ``demo_newer`` on top;
``start_demo(settings)`` starts the full one and returns settings pointing the
real Azure backend at it (``acitui --demo``).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from acitui.emulator import demo_logs as text
from acitui.emulator.payloads import ArmError
from acitui.emulator.sim import Behaviour

if TYPE_CHECKING:
    from acitui.config import Settings
    from acitui.emulator.server import Emulator

SHOP, JOBS, PLATFORM = "shop-prod", "data-jobs", "platform"
HOUR = 3600.0


def _container(name: str, image: str, cpu: float = 0.5, memory: float = 1.0, **props: Any) -> dict:
    return {
        "name": name,
        "properties": {
            "image": image,
            "resources": {"requests": {"cpu": cpu, "memoryInGB": memory}},
            **props,
        },
    }


def _group(location: str, containers: list[dict], policy: str = "Always", **props: Any) -> dict:
    return {
        "location": location,
        "tags": {"owner": "platform-team", "env": "demo"},
        "properties": {
            "osType": props.pop("osType", "Linux"),
            "restartPolicy": policy,
            "containers": containers,
            **props,
        },
    }


def _backlog(emu: Emulator, rg: str, group: str, container: str, lines: list[str], span: float):
    """Lines spread evenly over the last ``span`` seconds."""
    now = emu.now()
    step = span / max(1, len(lines))
    stamps = [now - timedelta(seconds=span - i * step) for i in range(len(lines))]
    emu.store.append_logs(rg, group, container, lines, at=stamps)


def seed_demo(emu: Emulator) -> None:
    """Create the demo fleet and register its live log writer."""
    rng = random.Random(2026)
    emu.put_resource_group(SHOP, "westeurope")
    emu.put_resource_group(JOBS, "northeurope")
    emu.put_resource_group(PLATFORM, "westeurope")

    web_ports = [{"port": 80, "protocol": "TCP"}, {"port": 443, "protocol": "TCP"}]
    emu.put_group(
        SHOP,
        "storefront",
        _group(
            "westeurope",
            [
                _container(
                    "web",
                    "ghcr.io/contoso/storefront:3.4.2",
                    1.0,
                    1.5,
                    ports=web_ports,
                    environmentVariables=[
                        {"name": "ASPNETCORE_URLS", "value": "http://+:80"},
                        {"name": "FEATURE_FLAGS", "value": "new-checkout,search-v2"},
                    ],
                ),
                _container(
                    "log-shipper",
                    "fluent/fluent-bit:3.1",
                    0.25,
                    0.5,
                    environmentVariables=[{"name": "FLB_LOG_LEVEL", "value": "info"}],
                ),
            ],
            ipAddress={"type": "Public", "ports": web_ports, "dnsNameLabel": "contoso-storefront"},
        ),
        age=3 * HOUR,
    )
    access = [text.access_line(rng) for _ in range(160)]
    access.insert(120, text.HOSTILE)
    _backlog(emu, SHOP, "storefront", "web", access, 600)
    _backlog(
        emu, SHOP, "storefront", "log-shipper", [text.shipper_line(rng) for _ in range(40)], 600
    )

    emu.put_group(
        SHOP,
        "order-worker",
        _group(
            "westeurope",
            [_container("worker", "ghcr.io/contoso/order-worker:2.4.1", 1.0, 2.0)],
        ),
        {
            "worker": Behaviour(
                run_seconds=25,
                exit_code=1,
                boot_lines=text.WORKER_BOOT,
                exit_lines=text.WORKER_CRASH,
                backoff_cap=40,  # livelier than ACI's 5 minutes: the demo shows it climbing
            )
        },
        age=40 * 60,
    )

    emu.put_group(
        SHOP,
        "payments-api",
        _group(
            "westeurope",
            [
                _container(
                    "api",
                    "contosoacr.azurecr.io/payments-api:7.0.3",
                    1.0,
                    2.0,
                    ports=[{"port": 8080}],
                    environmentVariables=[
                        {"name": "LOG_LEVEL", "value": "info"},
                        {
                            "name": "DATABASE_URL",
                            "value": "postgres://payments:Tr0ub4dor-3@db.contoso.internal:5432/pay",
                        },
                        {"name": "STRIPE_API_KEY", "secureValue": "sk_live_demo_not_a_real_key"},
                        {"name": "JWT_SIGNING_KEY", "secureValue": "demo-signing-key-0123456789"},
                    ],
                    volumeMounts=[{"name": "receipts", "mountPath": "/mnt/receipts"}],
                )
            ],
            ipAddress={"type": "Private", "ports": [{"port": 8080}]},
            volumes=[
                {
                    "name": "receipts",
                    "azureFile": {
                        "shareName": "receipts",
                        "storageAccountName": "stcontosoreceipts",
                        "storageAccountKey": "ZGVtby1zdG9yYWdlLWtleS1ub3QtcmVhbA==",
                    },
                }
            ],
            imageRegistryCredentials=[
                {"server": "contosoacr.azurecr.io", "username": "contosoacr", "password": "demo-pw"}
            ],
        ),
        age=26 * HOUR,
    )
    payments = [text.payments_line(rng) for _ in range(60)]
    payments[45:45] = list(text.PAYMENTS_TRACE)
    _backlog(emu, SHOP, "payments-api", "api", payments, 900)

    emu.put_group(
        JOBS,
        "nightly-report",
        _group(
            "northeurope",
            [_container("report", "ghcr.io/contoso/report-builder:1.12", 2.0, 1.0)],
            policy="Never",
        ),
        {
            "report": Behaviour(
                run_seconds=95, exit_code=137, reason="OOMKilled", exit_lines=text.REPORT_LINES
            )
        },
        age=2 * HOUR,
    )
    emu.put_group(
        JOBS,
        "invoice-batch",
        _group(
            "northeurope",
            [_container("batch", "ghcr.io/contoso/invoice-batch:1.9.0", 1.0, 1.0)],
            policy="Never",
        ),
        {"batch": Behaviour(run_seconds=48, exit_code=0, exit_lines=text.BATCH_LINES)},
        age=5 * HOUR,
    )
    emu.put_group(
        PLATFORM,
        "ml-inference",
        _group(
            "westeurope",
            [_container("model", "contosoacr.azurecr.io/llm-inference:2025.12-cuda", 4.0, 16.0)],
        ),
        {"model": Behaviour(pull_seconds=20, boot_lines=("loading weights (7.2 GB)…", "ready"))},
        instant=False,
    )
    emu.put_group(
        PLATFORM,
        "win-agent",
        _group(
            "westeurope",
            [_container("iis", "mcr.microsoft.com/windows/servercore/iis:ltsc2022", 2.0, 4.0)],
            osType="Windows",
        ),
        {"iis": Behaviour(boot_lines=text.WINDOWS_LINES)},
        age=8 * HOUR,
    )
    emu.put_group(
        PLATFORM,
        "legacy-cron",
        _group("westeurope", [_container("cron", "alpine:3.20", 0.25, 0.25)]),
        age=30 * 24 * HOUR,
    )
    emu.store.stop_group(PLATFORM, "legacy-cron")
    emu.add_background(_live_logs)


def seed_full_demo(emu: Emulator) -> None:
    """The classic fleet plus an NGroup, a profile's group, Spot and Confidential groups."""
    from acitui.emulator.demo_newer import seed_newer

    seed_demo(emu)
    seed_newer(emu)


def _live_logs(emu: Emulator) -> None:
    """Append believable lines every half second while the emulator runs."""
    rng = random.Random()
    tick = 0
    while not emu.stopping.wait(0.5):
        tick += 1
        batch = [
            (SHOP, "storefront", "web", [text.access_line(rng) for _ in range(rng.randint(0, 4))]),
            (SHOP, "payments-api", "api", [text.payments_line(rng)] if tick % 3 == 0 else []),
            (SHOP, "storefront", "log-shipper", [text.shipper_line(rng)] if tick % 10 == 0 else []),
        ]
        if tick % 90 == 45:
            batch.append((SHOP, "payments-api", "api", list(text.PAYMENTS_TRACE)))
        if tick % 120 == 60:
            batch.append((SHOP, "storefront", "web", [text.HOSTILE]))
        if tick % 40 == 0:
            batch.append((PLATFORM, "win-agent", "iis", [rng.choice(text.WINDOWS_LINES)]))
        for rg, group, container, lines in batch:
            if not lines:
                continue
            try:
                emu.store.append_logs(rg, group, container, lines, if_running=True)
            except ArmError:  # deleted by the user in the demo: nothing to write to
                continue


def start_demo(settings: Settings) -> tuple[Settings, Emulator]:
    """Start a demo emulator; return settings pointing the Azure backend at it, and the emulator."""
    from acitui.emulator.server import Emulator

    emu = Emulator(seed=seed_full_demo).start()
    azure = replace(
        settings.azure,
        arm_endpoint=emu.endpoint,
        token=emu.token,
        ca_bundle=emu.ca_file,
        subscription=emu.subscription_id,
    )
    sections = {**settings.sections, "azure": azure}
    return replace(settings, backend="azure", demo=True, sections=sections), emu
