"""The demo's 2025+ fleet: an NGroup of three from a profile, a group made from the same
profile (revision 2), a Spot group, a Confidential group with Key Vault references,
tight quota and metric personalities (busy web, idle sidecars, a leaking worker).

It lives in its own resource group, ``web-fleet``, which sorts after the classic
demo's, so the classic list stays as it was above it.
"""

from __future__ import annotations

import base64
import random
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from acitui.emulator import demo_logs as text
from acitui.emulator.payloads import ArmError
from acitui.emulator.sim import Behaviour

if TYPE_CHECKING:
    from acitui.emulator.server import Emulator

FLEET = "web-fleet"
HOUR = 3600.0
IDENTITY_NAME = "vault-reader"
CCE_POLICY = base64.b64encode(b'package policy\napi_version := "0.10.0"\n').decode()


def _container(name: str, image: str, cpu: float, memory: float, **props: Any) -> dict:
    return {
        "name": name,
        "properties": {
            "image": image,
            "resources": {"requests": {"cpu": cpu, "memoryInGB": memory}},
            **props,
        },
    }


def _profile(tag: str, sidecar: bool) -> dict[str, Any]:
    containers = [_container("web", f"ghcr.io/contoso/web:{tag}", 1.0, 1.5, ports=[{"port": 80}])]
    if sidecar:
        containers.append(_container("otel", "otel/opentelemetry-collector:0.115.0", 0.25, 0.5))
    return {
        "location": "westeurope",
        "properties": {
            "sku": "Standard",
            "osType": "Linux",
            "restartPolicy": "Always",
            "containers": containers,
            "ipAddress": {"type": "Public", "ports": [{"port": 80}]},
        },
    }


def seed_newer(emu: Emulator) -> None:
    """Add the 2025+ resources to ``emu`` (used on top of the classic demo)."""
    sub = emu.subscription_id
    emu.put_resource_group(FLEET, "westeurope")
    rg_id = f"/subscriptions/{sub}/resourceGroups/{FLEET}"
    emu.put_profile(FLEET, "web-profile", _profile("1.8.0", sidecar=False))
    profile = emu.put_profile(FLEET, "web-profile", _profile("1.9.2", sidecar=True))
    emu.put_ngroup(
        FLEET,
        "web-ng",
        {
            "location": "westeurope",
            "zones": ["1", "2", "3"],
            "tags": {"env": "demo"},
            "properties": {
                "elasticProfile": {
                    "desiredCount": 3,
                    "maintainDesiredCount": True,
                    "containerGroupNamingPolicy": {"guidNamingPolicy": {"prefix": "web-ng-"}},
                },
                "updateProfile": {"updateMode": "Rolling"},
                "containerGroupProfiles": [
                    {
                        "resource": {"id": profile["id"]},
                        "revision": profile["properties"]["revision"],
                    }
                ],
            },
        },
    )
    from_profile = _profile("1.9.2", sidecar=True)
    from_profile["properties"]["containerGroupProfile"] = {"id": profile["id"], "revision": 2}
    from_profile["properties"]["isCreatedFromStandbyPool"] = True
    from_profile["properties"]["standbyPoolProfile"] = {
        "id": f"{rg_id}/providers/Microsoft.StandbyPool/standbyContainerGroupPools/web-pool"
    }
    emu.put_group(FLEET, "web-canary", from_profile, age=1.5 * HOUR)

    emu.put_group(
        FLEET,
        "batch-spot",
        {
            "location": "westeurope",
            "properties": {
                "osType": "Linux",
                "restartPolicy": "Never",
                "priority": "Spot",
                "containers": [_container("worker", "ghcr.io/contoso/etl-worker:5.2.0", 2.0, 4.0)],
            },
        },
        {"worker": Behaviour(boot_lines=("etl worker 5.2.0: consuming queue 'ingest'",))},
        age=2 * HOUR,
    )
    emu.set_metrics(FLEET, "batch-spot", "worker", "leak")

    identity = f"{rg_id}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{IDENTITY_NAME}"
    vault = "https://kv-contoso-demo.vault.azure.net/secrets"
    emu.put_group(
        FLEET,
        "vault-confidential",
        {
            "location": "westeurope",
            "zones": ["2"],
            "identity": {
                "type": "SystemAssigned, UserAssigned",
                "userAssignedIdentities": {identity: {}},
            },
            "properties": {
                "osType": "Linux",
                "restartPolicy": "Always",
                "sku": "Confidential",
                "confidentialComputeProperties": {"ccePolicy": CCE_POLICY},
                "secretReferences": [
                    {"name": n, "identity": identity, "secretReferenceUri": f"{vault}/{n}"}
                    for n in ("signing-key", "acr-password", "share-key")
                ],
                "containers": [
                    _container(
                        "signer",
                        "contosoacr.azurecr.io/signer:3.0.1",
                        1.0,
                        2.0,
                        environmentVariables=[
                            {"name": "LOG_LEVEL", "value": "info"},
                            {"name": "SIGNING_KEY", "secureValueReference": "signing-key"},
                        ],
                        volumeMounts=[{"name": "keys", "mountPath": "/mnt/keys"}],
                    )
                ],
                "imageRegistryCredentials": [
                    {
                        "server": "contosoacr.azurecr.io",
                        "username": "contosoacr",
                        "passwordReference": "acr-password",
                    }
                ],
                "volumes": [
                    {
                        "name": "keys",
                        "azureFile": {
                            "shareName": "keys",
                            "storageAccountName": "stcontosokeys",
                            "storageAccountKeyReference": "share-key",
                        },
                    }
                ],
            },
        },
        age=6 * HOUR,
    )
    emu.set_metrics(FLEET, "vault-confidential", "signer", "idle")
    emu.store.quota_limits.update({"StandardCores": 24, "StandardConfidentialCores": 4})
    rng = random.Random(2025)
    for group, container, lines in _writers(emu, rng, 40):
        now = emu.now()
        stamps = [now - timedelta(seconds=600 - i * 600 / len(lines)) for i in range(len(lines))]
        emu.store.append_logs(FLEET, group, container, lines, at=stamps)
    emu.add_background(_live_logs)


def _etl_line(rng: random.Random) -> str:
    batch = rng.randint(10_000, 99_999)
    return f"batch {batch}: {rng.randint(200, 5000)} rows in {rng.randint(40, 900)} ms"


def _writers(emu: Emulator, rng: random.Random, n: int) -> list[tuple[str, str, list[str]]]:
    """(group, container, lines) for every web-fleet container that writes logs."""
    groups, _ = emu.store.list_groups(FLEET)
    out = []
    for group in groups:
        name = group["name"]
        if name.startswith("web-"):
            out.append((name, "web", [text.access_line(rng) for _ in range(rng.randint(0, n))]))
        elif name == "batch-spot":
            out.append(
                (name, "worker", [_etl_line(rng) for _ in range(rng.randint(0, max(1, n // 4)))])
            )
    return out


def _live_logs(emu: Emulator) -> None:
    """A few lines a second for the NGroup's members, the canary and the Spot worker."""
    rng = random.Random()
    while not emu.stopping.wait(1.0):
        for group, container, lines in _writers(emu, rng, 3):
            try:
                emu.store.append_logs(FLEET, group, container, lines, if_running=True)
            except ArmError:  # deleted (or replaced by its NGroup) meanwhile
                continue
