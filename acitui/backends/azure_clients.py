"""The ARM SDK clients of one Azure backend: built on first use, configured once, closed together.

Retries are modest (3, honouring ``Retry-After``) so failures surface in
seconds; TLS is verified against the configured CA bundle when there is one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from azure.mgmt.containerinstance.aio import ContainerInstanceManagementClient
from azure.mgmt.resource.resources.aio import ResourceManagementClient
from azure.mgmt.resource.subscriptions.aio import SubscriptionClient

from acitui.backends.azure_auth import (
    SignInChain,
    build_credential,
    check_ca_bundle,
    resolve_target,
)
from acitui.backends.base import Notifier
from acitui.config import AzureSettings


class ArmClients:
    """Credential and clients for one target; ``subscription_id`` is set before ``aci()``."""

    def __init__(self, settings: AzureSettings, notify: Callable[[], Notifier]) -> None:
        self.settings = settings
        self.target = resolve_target(settings)
        self.verify = check_ca_bundle(settings.ca_bundle)
        self.subscription_id = settings.subscription.strip()
        self._notify = notify
        self._credential: SignInChain | None = None
        self._aci: ContainerInstanceManagementClient | None = None
        self._resources: ResourceManagementClient | None = None
        self._subscriptions: SubscriptionClient | None = None

    def options(self) -> dict[str, Any]:
        """Keyword arguments every client is built with."""
        options: dict[str, Any] = {
            "base_url": self.target.arm_endpoint,
            "credential_scopes": [self.target.scope],
            "retry_total": 3,
            "retry_backoff_factor": 0.5,
            "retry_backoff_max": 8,
            "connection_timeout": 10,
            "read_timeout": 60,
            "logging_enable": False,
        }
        if self.verify:
            options["connection_verify"] = self.verify
        return options

    def credential(self) -> SignInChain:
        if self._credential is None:
            self._credential = build_credential(self.settings, self.target, self._notify)
        return self._credential

    def subscriptions(self) -> SubscriptionClient:
        if self._subscriptions is None:
            self._subscriptions = SubscriptionClient(self.credential(), **self.options())
        return self._subscriptions

    def aci(self) -> ContainerInstanceManagementClient:
        if self._aci is None:
            self._aci = ContainerInstanceManagementClient(
                self.credential(), self.subscription_id, **self.options()
            )
        return self._aci

    def resources(self) -> ResourceManagementClient:
        if self._resources is None:
            self._resources = ResourceManagementClient(
                self.credential(), self.subscription_id, **self.options()
            )
        return self._resources

    async def close(self) -> None:
        """Close the HTTP sessions and the credential; safe to call twice."""
        clients = (self._aci, self._resources, self._subscriptions)
        self._aci = self._resources = self._subscriptions = None
        for client in clients:
            if client is not None:
                try:
                    await client.close()
                except Exception:  # closing must never fail the caller
                    pass
        credential, self._credential = self._credential, None
        if credential is not None:
            await credential.close()
