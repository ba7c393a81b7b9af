"""Creating on ACI: one group from a spec, or an ARM template's groups (issue 13).

Each function takes the :class:`~acitui.backends.azure.backend.AzureBackend` whose
clients it uses; the backend's ``_create``/``_deploy`` hooks delegate here. ARM bodies
and the progress wait are in :mod:`acitui.backends.azure.create`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from acitui.backends.azure import create as azure_create
from acitui.backends.base import Notifier
from acitui.model import ContainerGroup, GroupRef

if TYPE_CHECKING:
    from acitui.backends.azure.backend import AzureBackend
    from acitui.spec.model import GroupSpec
    from acitui.spec.yaml_file import Document


async def create(
    backend: AzureBackend, ref: GroupRef, spec: GroupSpec, progress: Notifier
) -> ContainerGroup:
    """``begin_create_or_update`` with the spec's ARM body; progress while it provisions."""
    client = await backend._aci_client()
    backend._refuse_if_read_only("create", ref)  # the subscription may only now be known
    if not spec.location:  # as az does: the resource group's location
        spec = await azure_create.with_rg_location(backend, spec, ref.resource_group)
    try:
        with backend._arm(f"create {ref}"):
            poller = await client.container_groups.begin_create_or_update(
                ref.resource_group,
                ref.name,
                azure_create.group_body(spec),
                polling_interval=backend.lro_poll_seconds,
            )
            raw = await azure_create.wait_with_progress(
                poller.result(), poller.status, f"Creating {ref}", progress,
                backend.progress_seconds,
            )  # fmt: skip
    finally:
        backend._cache.pop(str(ref).lower(), None)
    if raw is not None:
        return backend._map(raw, f"create {ref}")
    return await backend.get_group(ref)


async def deploy(
    backend: AzureBackend,
    resource_group: str,
    document: Document,
    params: dict[str, str],
    progress: Notifier,
) -> list[ContainerGroup]:
    """ARM's own deployments API evaluates the template (every function it knows)."""
    client = await backend._aci_client()
    backend._refuse_if_read_only("deploy into", GroupRef(resource_group, "*"))
    with backend._arm(f"deploy a template into {resource_group}"):
        refs = await azure_create.deploy(
            client, backend.clients.target.arm_endpoint, backend.clients.subscription_id,
            resource_group, document.data, params, progress, backend.progress_seconds,
        )  # fmt: skip
    return [await backend.get_group(ref) for ref in refs]
