"""Generated fleets of any size (e.g. 5,000 groups in 200 resource groups) for benchmarks."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from acitui.emulator.sim import Behaviour

if TYPE_CHECKING:
    from acitui.emulator.server import Emulator

LOCATIONS = ("westeurope", "northeurope", "eastus", "westus2")
IMAGES = (
    "mcr.microsoft.com/azuredocs/aci-helloworld:latest",
    "nginx:1.27",
    "redis:7",
    "python:3.12-slim",
    "ghcr.io/example/worker:2.4.1",
)
#: (share of the fleet, kind): most groups run, some crash-loop, finish, fail or are stopped.
KINDS = (
    (70, "running"),
    (8, "crashloop"),
    (8, "succeeded"),
    (6, "failed"),
    (8, "stopped"),
)


def group_body(location: str, image: str, policy: str = "Always", n_containers: int = 1) -> dict:
    """A plain ARM PUT body for a generated group."""
    containers: list[dict[str, Any]] = [
        {
            "name": "main" if i == 0 else f"sidecar{i}",
            "properties": {
                "image": image,
                "resources": {"requests": {"cpu": 0.5, "memoryInGB": 0.5}},
                "environmentVariables": [{"name": "ROLE", "value": "main" if i == 0 else "side"}],
            },
        }
        for i in range(n_containers)
    ]
    return {
        "location": location,
        "properties": {"osType": "Linux", "restartPolicy": policy, "containers": containers},
    }


def populate(emu: Emulator, groups: int, resource_groups: int = 1, seed: int = 7) -> None:
    """Create ``groups`` groups over ``resource_groups`` resource groups, deterministically."""
    rng = random.Random(seed)
    resource_groups = max(1, resource_groups)
    weights = [w for w, _ in KINDS]
    kinds = [k for _, k in KINDS]
    for index in range(groups):
        rg = f"acitui-rg-{index % resource_groups + 1:03d}"
        name = f"cg-{index + 1:05d}"
        location = LOCATIONS[index % resource_groups % len(LOCATIONS)]
        kind = rng.choices(kinds, weights)[0]
        image = IMAGES[rng.randrange(len(IMAGES))]
        containers = 1 + (rng.random() < 0.2)
        if kind == "crashloop":
            behaviour = Behaviour(run_seconds=rng.uniform(5, 40), exit_code=1)
            emu.put_group(
                rg,
                name,
                group_body(location, image, "Always", containers),
                {"main": behaviour},
                age=rng.uniform(60, 1800),
            )
        elif kind in ("succeeded", "failed"):
            code = 0 if kind == "succeeded" else rng.choice((1, 2, 137))
            behaviour = Behaviour(run_seconds=rng.uniform(1, 30), exit_code=code)
            emu.put_group(
                rg, name, group_body(location, image, "Never", 1), {"main": behaviour}, age=60
            )
        else:
            emu.put_group(rg, name, group_body(location, image, "Always", containers))
            if kind == "stopped":
                emu.store.stop_group(rg, name)
