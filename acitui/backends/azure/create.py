"""Create groups and deploy ARM templates on Azure (issue 13).

A group is one ``begin_create_or_update`` with the body :mod:`acitui.spec.to_arm`
builds; a template goes through ARM's own deployments API (the real evaluator),
sent through the container-instance client's pipeline — same credential, retries,
cloud and CA bundle — and polled with azure-mgmt-core's ARM poller. Progress is
reported every few seconds; the service's error comes back whole (with its details).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from azure.core.exceptions import HttpResponseError
from azure.core.polling import AsyncLROPoller
from azure.core.rest import HttpRequest
from azure.mgmt.containerinstance.models import ContainerGroup
from azure.mgmt.core.polling.async_arm_polling import AsyncARMPolling

from acitui.backends.base import Notice, Notifier
from acitui.errors import BackendError, NotFoundError
from acitui.model import GroupRef
from acitui.sanitize import sanitize
from acitui.spec.model import GroupSpec
from acitui.spec.to_arm import to_arm

DEPLOYMENTS_API = "2024-03-01"
GROUP_TYPE = "microsoft.containerinstance/containergroups"


async def with_rg_location(backend: Any, spec: GroupSpec, rg: str) -> GroupSpec:
    """``spec`` located where its resource group is (``az container create``'s default)."""
    for found in await backend.list_resource_groups():
        if found.name.lower() == rg.lower() and found.location:
            return replace(spec, location=found.location)
    raise NotFoundError(
        f"No resource group {sanitize(rg)!r} in this subscription",
        hint="Create it first, or pass --location with an existing -g",
    )


def group_body(spec: GroupSpec) -> ContainerGroup:
    """The PUT body as the SDK's model (built from the ARM JSON :mod:`acitui.spec` writes)."""
    return ContainerGroup.deserialize(to_arm(spec))


async def wait_with_progress(
    result: Awaitable[Any], status: Callable[[], str], title: str, progress: Notifier, every: float
) -> Any:
    """Await a poller's result, saying how it goes every ``every`` seconds."""
    task = asyncio.ensure_future(result)
    started = time.monotonic()
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=every)
            if done:
                return task.result()
            elapsed = int(time.monotonic() - started)
            progress(Notice.progress(title, f"{status()} … {elapsed} s"))
    finally:
        if not task.done():
            task.cancel()


def _details(error: Any, depth: int = 0) -> list[str]:
    """ARM's error and its nested details, one line each (the whole story, not the first line)."""
    if not isinstance(error, dict) or depth > 4:
        return []
    line = f"{error.get('code', '')}: {error.get('message', '')}".strip(": ")
    out = [("  " * depth) + line] if line else []
    for child in error.get("details") or []:
        out.extend(_details(child, depth + 1))
    return out


def deployment_error(body: Any, rg: str) -> BackendError:
    error = (body.get("properties") or {}).get("error") if isinstance(body, dict) else None
    lines = _details(error) or ["the deployment failed without saying why"]
    text = sanitize(" | ".join(lines), max_len=2000)
    return BackendError(f"Deployment into {rg} failed: {text}", hint="Nothing else was changed.")


async def deploy(
    client: Any,
    endpoint: str,
    subscription: str,
    rg: str,
    template: dict[str, Any],
    params: dict[str, str],
    progress: Notifier,
    every: float,
) -> list[GroupRef]:
    """PUT a deployment, poll it to the end; the container groups it made, or its error whole."""
    name = f"acitui-{uuid.uuid4().hex[:12]}"
    url = (
        f"{endpoint.rstrip('/')}/subscriptions/{subscription}/resourcegroups/{rg}/providers/"
        f"Microsoft.Resources/deployments/{name}?api-version={DEPLOYMENTS_API}"
    )
    body = {
        "properties": {
            "mode": "Incremental",
            "template": template,
            "parameters": {k: {"value": v} for k, v in params.items()},
        }
    }
    pipeline = client._client  # the generated client's PipelineClient: credential, retries
    first = await pipeline._pipeline.run(HttpRequest("PUT", url, json=body))
    if first.http_response.status_code >= 400:
        raise HttpResponseError(response=first.http_response)
    poller: AsyncLROPoller[Any] = AsyncLROPoller(
        pipeline, first, lambda r: json.loads(r.http_response.text()), AsyncARMPolling(every)
    )
    progress(Notice.progress(f"Deploying into {rg}", f"deployment {name} accepted"))
    try:
        result = await wait_with_progress(
            poller.result(), poller.status, f"Deploying into {rg}", progress, every
        )
    except HttpResponseError as exc:  # a Failed deployment: read its error in full
        check = await pipeline._pipeline.run(HttpRequest("GET", url))
        try:
            failed = json.loads(check.http_response.text())
        except ValueError:
            raise exc from None
        raise deployment_error(failed, rg) from None
    if (result.get("properties") or {}).get("provisioningState") != "Succeeded":
        raise deployment_error(result, rg)
    refs = []
    for item in (result.get("properties") or {}).get("outputResources") or []:
        parts = str(item.get("id", "")).split("/")
        lowered = [p.lower() for p in parts]
        if "containergroups" in lowered and len(parts) > lowered.index("containergroups") + 1:
            refs.append(GroupRef(rg, parts[lowered.index("containergroups") + 1]))
    return refs
