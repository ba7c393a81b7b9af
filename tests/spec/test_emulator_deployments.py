"""ARM deployments on the emulator, driven by azure-core's real pipeline and ARM poller."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError
from azure.core.polling import AsyncLROPoller
from azure.core.rest import HttpRequest
from azure.mgmt.core.polling.async_arm_polling import AsyncARMPolling

from acitui.backends.azure.mapping import map_group
from acitui.emulator import Emulator
from acitui.spec.diff import diff
from acitui.spec.export import export_yaml
from acitui.spec.load import load
from acitui.spec.yaml_file import parse_text
from tests.emulator.conftest import make_client

pytestmark = pytest.mark.azure

TUTORIAL = Path(__file__).parent / "fixtures" / "aci-tutorial-template.json"
VERSION = "2024-03-01"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        emulator.put_resource_group("rg", "westeurope")
        yield emulator


def local_template() -> dict[str, Any]:
    """The tutorial's template with its images swapped for local ones."""
    text = TUTORIAL.read_text()
    text = text.replace("mcr.microsoft.com/azuredocs/aci-helloworld:latest", "busybox:1.36")
    return json.loads(text.replace("mcr.microsoft.com/azuredocs/aci-tutorial-sidecar", "busybox"))


async def deploy(
    emu: Emulator, template: dict[str, Any], parameters: dict[str, Any] | None = None
) -> dict[str, Any]:
    """PUT a deployment and poll it to the end as the SDK's ARM poller does."""
    body = {
        "properties": {
            "mode": "Incremental",
            "template": template,
            "parameters": {k: {"value": v} for k, v in (parameters or {}).items()},
        }
    }
    url = (
        f"{emu.endpoint}/subscriptions/{emu.subscription_id}/resourcegroups/rg/providers/"
        f"Microsoft.Resources/deployments/dep1?api-version={VERSION}"
    )
    async with make_client(emu) as aci:
        pipeline = aci._client
        request = HttpRequest("PUT", url, json=body)
        first = await pipeline._pipeline.run(request)  # type: ignore[arg-type]
        if first.http_response.status_code >= 400:
            raise HttpResponseError(response=first.http_response)
        poller = AsyncLROPoller(
            pipeline, first, lambda r: json.loads(r.http_response.text()), AsyncARMPolling(0.05)
        )
        return await poller.result()


async def test_tutorial_template_deploys_both_containers_and_exports_back_equal(
    emu: Emulator,
) -> None:
    """The two-container template (local images) deploys; its export diffs equal to the file."""
    result = await deploy(emu, local_template(), {"containerGroupName": "web1"})
    assert result["properties"]["provisioningState"] == "Succeeded"
    async with make_client(emu) as aci:
        live = map_group(await aci.container_groups.get("rg", "web1"))
    assert [c.name for c in live.containers] == ["aci-tutorial-app", "aci-tutorial-sidecar"]
    assert live.location == "westeurope"  # resourceGroup().location
    path = TUTORIAL.parent / "local-template.json"
    [spec] = load(parse_text(json.dumps(local_template()), str(path)),
                  params={"containerGroupName": "web1"}, location="westeurope").groups  # fmt: skip
    assert diff(spec, live).equal, [str(d) for d in diff(spec, live).changes]
    [exported] = load(parse_text(export_yaml(live), "export.yaml")).groups
    assert diff(exported, live).equal


async def test_template_arm_refuses_is_a_400_naming_the_function(emu: Emulator) -> None:
    """A template using reference() in a group is refused up front: InvalidTemplate, no group."""
    template = local_template()
    template["resources"][0]["location"] = "[reference('x').location]"
    with pytest.raises(HttpResponseError) as info:
        await deploy(emu, template)
    assert "InvalidTemplate" in str(info.value) and "reference" in str(info.value)
    assert emu.store.list_groups()[1] == 0


async def test_invalid_group_fails_the_deployment_and_creates_nothing(emu: Emulator) -> None:
    """A second group with an invalid container name: DeploymentFailed, the first is not created."""
    template = local_template()
    bad = json.loads(json.dumps(template["resources"][0]))
    bad["name"] = "second"
    bad["properties"]["containers"][0]["name"] = "Not_Valid"
    template["resources"].append(bad)
    with pytest.raises(HttpResponseError) as info:
        await deploy(emu, template)
    assert "DeploymentFailed" in str(info.value) and "InvalidContainerName" in str(info.value)
    assert emu.store.list_groups()[1] == 0
