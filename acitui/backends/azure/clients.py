"""The ARM SDK clients of one Azure backend: built on first use, configured once, closed together.

Retries are modest (3, honouring ``Retry-After``) so failures surface in
seconds, and every call ends within ``request_timeout`` (retries included);
every response body is size-capped (:mod:`azure_transport`). TLS is verified
against the configured CA bundle when there is one. The back-off is a
constructor parameter so tests need not sit through the SDK's real one.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

from azure.core.credentials import AccessToken
from azure.mgmt.containerinstance.aio import ContainerInstanceManagementClient
from azure.mgmt.resource.resources.aio import ResourceManagementClient
from azure.mgmt.resource.subscriptions.aio import SubscriptionClient

from acitui.backends.azure import AzureSettings
from acitui.backends.azure.auth import (
    SignInChain,
    build_credential,
    check_ca_bundle,
    resolve_target,
)
from acitui.backends.azure.transport import (
    DEFAULT_MAX_BODY,
    DEFAULT_TIMEOUT,
    AnswerCheckPolicy,
    CappedTransport,
    DeadlinePolicy,
    deadline_paused,
)
from acitui.backends.base import Notifier


class ArmClients:
    """Credential and clients for one target; ``subscription_id`` is set before ``aci()``."""

    def __init__(
        self,
        settings: AzureSettings,
        notify: Callable[[], Notifier],
        *,
        request_timeout: float | None = None,
        max_body_bytes: int = DEFAULT_MAX_BODY,
        retry_total: int = 3,
        retry_backoff_factor: float = 0.5,
        retry_backoff_max: float = 8.0,
    ) -> None:
        self.settings = settings
        self.request_timeout = request_timeout or settings.request_timeout or DEFAULT_TIMEOUT
        self.max_body_bytes = max_body_bytes
        self.retry = (retry_total, retry_backoff_factor, retry_backoff_max)
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
        total, factor, longest = self.retry
        endpoint = self.target.arm_endpoint
        connection: dict[str, Any] = {
            # the deadline ends a silent call; the socket timeouts only back it up
            "connection_timeout": min(10.0, self.request_timeout),
            "read_timeout": self.request_timeout + 5,
        }
        if self.verify:
            connection["connection_verify"] = self.verify
        return {
            "base_url": self.target.arm_endpoint,
            "credential_scopes": [self.target.scope],
            "retry_total": total,
            "retry_backoff_factor": factor,
            "retry_backoff_max": longest,
            "logging_enable": False,
            "per_call_policies": [
                DeadlinePolicy(self.request_timeout, endpoint),
                AnswerCheckPolicy(endpoint),
            ],
            "transport": CappedTransport(max_body_bytes=self.max_body_bytes, **connection),
            **connection,
        }

    def credential(self) -> SignInChain:
        if self._credential is None:
            self._credential = build_credential(self.settings, self.target, self._notify)
        return self._credential

    def _signing_in(self) -> _OffTheClock:
        return _OffTheClock(self.credential())

    def subscriptions(self) -> SubscriptionClient:
        if self._subscriptions is None:
            self._subscriptions = SubscriptionClient(self._signing_in(), **self.options())
        return self._subscriptions

    def aci(self) -> ContainerInstanceManagementClient:
        if self._aci is None:
            self._aci = ContainerInstanceManagementClient(
                self._signing_in(), self.subscription_id, **self.options()
            )
        return self._aci

    def resources(self) -> ResourceManagementClient:
        if self._resources is None:
            self._resources = ResourceManagementClient(
                self._signing_in(), self.subscription_id, **self.options()
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


class _OffTheClock:
    """The credential as the clients see it: signing in does not count against a call's deadline."""

    def __init__(self, chain: SignInChain) -> None:
        self._chain = chain

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        async with deadline_paused():
            return await self._chain.get_token(*scopes, **kwargs)

    async def close(self) -> None:
        return None  # the chain is closed by ArmClients.close

    async def __aenter__(self) -> _OffTheClock:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        return None
