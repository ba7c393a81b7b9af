"""The Azure Container Instances backend: the async ARM SDK behind the Backend protocol.

Imported only when the Azure backend is chosen (azure-* and aiohttp load
here, never in core modules). ``from_settings`` is cheap and offline: clients,
credentials and the subscription are resolved on first use. Every SDK call is
wrapped by :func:`~acitui.backends.azure.errors.arm_errors`, so only
:mod:`acitui.errors` types leave this module. Start/stop/restart/delete and exec are
in :mod:`lifecycle`, create and template deploys in :mod:`provision`, the detail
read (with its short cache) and log reads in :mod:`group_reads`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from azure.mgmt.containerinstance.aio import ContainerInstanceManagementClient

from acitui.backends.azure import AzureSettings, api_version, group_reads, lifecycle, provision
from acitui.backends.azure.auth import (
    cli_default_subscription,
    silence_azure_logging,
)
from acitui.backends.azure.clients import ArmClients
from acitui.backends.azure.errors import arm_errors
from acitui.backends.azure.follow import split_content, to_log_line
from acitui.backends.azure.mapping import (
    group_problem,
    map_group,
    map_resource_group,
    map_subscription,
)
from acitui.backends.azure.metrics import POLL_SECONDS, MonitorReader, latest
from acitui.backends.azure.newer import NewerAci
from acitui.backends.azure.raw_list import group_pages
from acitui.backends.azure.transport import unexpected_answer
from acitui.backends.base import BaseBackend, ExecSession, Notifier
from acitui.errors import AuthError, InvalidInputError, NotFoundError
from acitui.model import (
    Capabilities,
    ContainerGroup,
    GroupRef,
    LogLine,
    MetricSample,
    ResourceGroup,
    Subscription,
)
from acitui.model_aci import GroupProfile, NGroup, Usage
from acitui.sanitize import sanitize_name

if TYPE_CHECKING:
    from acitui.config import Settings  # type only: config builds on the backend registry
    from acitui.spec.model import GroupSpec
    from acitui.spec.yaml_file import Document

silence_azure_logging()


class AzureBackend(BaseBackend):
    """Container groups in one Azure subscription, through Azure Resource Manager."""

    name = "azure"
    capabilities = Capabilities(
        subscriptions=True, exec=True, create=True, apply=True, metrics=True
    )
    #: Seconds a ``get_group`` answer is reused (list → detail bursts cost one read).
    detail_cache_seconds = 3.0
    #: Most ARM reads in flight at once.
    max_concurrent_reads = 8
    #: ARM reads per minute for one followed container (each read costs quota).
    log_reads_per_minute = 30
    #: How often a start/restart/delete operation is polled (Retry-After wins).
    lro_poll_seconds = 2.0
    #: How often progress of a running operation is reported through ``notify``.
    progress_seconds = 2.0

    def __init__(
        self, settings: AzureSettings, *, read_only: bool = False, **client_options: Any
    ) -> None:
        """``client_options`` go to :class:`ArmClients` (timeout, body cap, retries, back-off)."""
        super().__init__(read_only=read_only)
        self.clients = ArmClients(settings, lambda: self.notify, **client_options)
        self._check_read_only_subscription()
        self._subscription_name: str | None = None
        self._reads = asyncio.Semaphore(self.max_concurrent_reads)
        self._choosing = asyncio.Lock()
        self._cache: dict[str, tuple[float, ContainerGroup]] = {}
        self._inflight: dict[str, asyncio.Future[ContainerGroup]] = {}
        self.newer = NewerAci(self.clients, self._subscription, self._arm, self._reads)
        self._monitor = MonitorReader(self.clients)

    @classmethod
    def from_settings(cls, settings: Settings) -> AzureBackend:
        """Build from settings: validates cloud, endpoint and CA bundle; no network."""
        return cls(settings.azure, read_only=settings.read_only)

    # -- plumbing -------------------------------------------------------------------
    def _check_read_only_subscription(self) -> None:
        if self.clients.settings.protects(self.clients.subscription_id):  # config's one rule
            self.read_only = True

    async def _subscription(self) -> str:
        """The subscription id: settings, then the CLI's default, then the only one listed."""
        if not self.clients.subscription_id:
            async with self._choosing:  # reads started together look it up once
                if not self.clients.subscription_id:
                    self.clients.subscription_id = await self._choose_subscription()
                    self._check_read_only_subscription()
        return self.clients.subscription_id

    async def _choose_subscription(self) -> str:
        chosen = cli_default_subscription()
        if not chosen:
            subs = await self.list_subscriptions()
            if not subs:
                raise AuthError(
                    "The signed-in account sees no Azure subscriptions",
                    hint="Sign in with an account that has one, or pass --subscription ID",
                )
            if len(subs) > 1:
                raise InvalidInputError(
                    f"{len(subs)} subscriptions are visible and none is chosen",
                    hint="Pass --subscription ID (or set AZURE_SUBSCRIPTION_ID); "
                    "`acitui subscriptions` lists them",
                )
            chosen = subs[0].id
        return chosen

    def _arm(self, what: str) -> AbstractContextManager[None]:
        """SDK failures while doing ``what`` → acitui errors naming this endpoint."""
        return arm_errors(what, self.clients.target.arm_endpoint)

    def _map(self, raw: Any, what: str, *, detailed: bool | None = None) -> ContainerGroup:
        """A group ARM sent, or an "unexpected answer" error when it cannot be one."""
        problem = group_problem(raw)
        if problem:
            raise unexpected_answer(self.clients.target.arm_endpoint, what, problem)
        group = map_group(raw, detailed=detailed)
        version = self.newer._version or self.newer._forced or api_version.SDK_VERSION
        return replace(group, api_version=version)

    async def _aci_client(self) -> ContainerInstanceManagementClient:
        await self._subscription()
        return self.clients.aci()

    # -- reads ----------------------------------------------------------------------
    async def describe_target(self) -> str:
        subscription = await self._subscription()
        if self._subscription_name is None:
            self._subscription_name = ""
            try:
                with self._arm("read the subscription"):
                    sub = await self.clients.subscriptions().subscriptions.get(subscription)
                self._subscription_name = sanitize_name(str(sub.display_name or ""))
            except (NotFoundError, AuthError) as exc:
                if exc.title != "Not authorised" and not isinstance(exc, NotFoundError):
                    raise  # not signed in at all: say so; a hidden name is no reason to fail
        named = f"{self._subscription_name} ({subscription})" if self._subscription_name else ""
        return f"azure {self.clients.target.label} · subscription {named or subscription}"

    async def list_subscriptions(self) -> list[Subscription]:
        client = self.clients.subscriptions()
        with self._arm("list subscriptions"):
            async with self._reads:
                subs = [
                    map_subscription(s, self.clients.subscription_id)
                    async for s in client.subscriptions.list()
                ]
        return sorted(subs, key=lambda s: (s.name.lower(), s.id))

    async def list_resource_groups(self) -> list[ResourceGroup]:
        await self._subscription()
        client = self.clients.resources()
        with self._arm("list resource groups"):
            async with self._reads:
                groups = [map_resource_group(g) async for g in client.resource_groups.list()]
        return sorted(groups, key=lambda g: g.name)

    async def list_groups(self, resource_group: str | None = None) -> list[ContainerGroup]:
        """Fast: one paged list, no instance views (``detailed=False``); see ``get_group``."""
        groups = [g async for page in self.iter_groups(resource_group) for g in page]
        return sorted(groups, key=lambda g: (g.resource_group, g.name))

    async def iter_groups(
        self, resource_group: str | None = None
    ) -> AsyncIterator[list[ContainerGroup]]:
        """ARM's pages as they arrive (100 groups each), so the first rows show at once.

        Raw JSON through the SDK client's pipeline on the chosen api-version, mapped
        as :class:`raw_list.Node` views: no SDK model deserialisation (issue 14).
        """
        await self._aci_client()
        where = f" in resource group {resource_group}" if resource_group else ""
        what = f"list container groups{where}"
        async for raw_page in group_pages(self.newer, resource_group, what):
            yield [self._map(g, what) for g in raw_page]

    async def get_group(self, ref: GroupRef) -> ContainerGroup:
        """One group with live states and events; answers are reused for a few seconds."""
        return await self._fetch_group(ref, fresh=False)

    async def _fetch_group(self, ref: GroupRef, *, fresh: bool) -> ContainerGroup:
        """Cached detail, or one read shared by every caller asking at the same time."""
        return await group_reads.fetch_group(self, ref, fresh=fresh)

    async def get_logs(
        self, ref: GroupRef, container: str, *, tail: int | None = None, timestamps: bool = False
    ) -> list[LogLine]:
        group_reads.check_tail(tail)
        content = await group_reads.read_log(self, ref, container, tail, timestamps)
        return [
            to_log_line(raw, container, timestamps=timestamps) for raw in split_content(content)
        ]

    async def follow_logs(
        self, ref: GroupRef, container: str, *, tail: int | None = 100
    ) -> AsyncIterator[LogLine]:
        """Poll the log every ``log_poll_seconds``; each line once, restarts and gaps marked."""
        group_reads.check_tail(tail)
        async for line in group_reads.follow_log(self, ref, container, tail):
            yield line

    # -- changing (lifecycle.py) ----------------------------------------------------
    async def _start(self, ref: GroupRef) -> None:
        await lifecycle.mutate(self, "start", ref, "Starting")

    async def _stop(self, ref: GroupRef) -> None:
        await lifecycle.mutate(self, "stop", ref)

    async def _restart(self, ref: GroupRef) -> None:
        await lifecycle.mutate(self, "restart", ref, "Restarting")

    async def _delete(self, ref: GroupRef) -> None:
        await lifecycle.mutate(self, "delete", ref, "Deleting")

    async def _open_exec(
        self,
        ref: GroupRef,
        container: str,
        command: Sequence[str] | None,
        *,
        tty: bool,
        size: tuple[int, int],
    ) -> ExecSession:
        return await lifecycle.open_exec(self, ref, container, command, tty=tty, size=size)

    # -- newer ACI: NGroups, profiles, quota (see newer.py) -----------------------------
    async def api_version(self) -> str:
        """The ARM api-version in use for this subscription (chosen once, or forced)."""
        return await self.newer.version()

    async def list_ngroups(self, resource_group: str | None = None) -> list[NGroup]:
        """NGroups with their members (each member read for its live state)."""

        async def members(rg: str | None) -> list[ContainerGroup]:
            listed = [g for g in await self.list_groups(rg) if g.ngroup]
            return list(await asyncio.gather(*(self.get_group(g.ref) for g in listed)))

        return await self.newer.list_ngroups(resource_group, members)

    async def ngroup_action(self, verb: str, ref: GroupRef) -> None:
        """Start, stop or restart every member of NGroup ``ref``; refused when read-only."""
        await self._subscription()
        self._refuse_if_read_only(f"{verb} NGroup", ref)
        await self.newer.ngroup_action(verb, ref)
        self._cache.clear()

    async def list_profiles(self, resource_group: str | None = None) -> list[GroupProfile]:
        return await self.newer.list_profiles(resource_group)

    async def profile_revision(self, ref: GroupRef, revision: int) -> dict[str, Any]:
        """Revision ``revision`` of container group profile ``ref`` as ARM JSON."""
        return await self.newer.profile_revision(ref, revision)

    async def list_usages(self, location: str | None = None) -> list[Usage]:
        """Quota per location: ``location``, else every location the subscription's groups use."""
        if location:
            return await self.newer.usages([location])
        wanted = sorted({g.location for g in await self.list_groups() if g.location})
        return await self.newer.usages(wanted)

    # -- creating (issue 13, provision.py) -------------------------------------------
    async def _create(self, ref: GroupRef, spec: GroupSpec, progress: Notifier) -> ContainerGroup:
        return await provision.create(self, ref, spec, progress)

    async def _deploy(
        self, resource_group: str, document: Document, params: dict[str, str], progress: Notifier
    ) -> list[ContainerGroup]:
        return await provision.deploy(self, resource_group, document, params, progress)

    # -- metrics (Azure Monitor, metrics.py) ---------------------------------------------
    #: Seconds between metric polls: the one-minute grain (each read costs quota).
    metrics_poll_seconds = POLL_SECONDS

    async def metrics_history(self, ref: GroupRef, minutes: int = 60) -> list[MetricSample]:
        group = await self.get_group(ref)
        with self._arm(f"read the metrics of {ref}"):
            return await self._monitor.read(group, minutes)

    async def metrics(self, ref: GroupRef) -> AsyncGenerator[list[MetricSample], None]:
        """Each container's newest minute, polled at the grain."""
        while True:
            batch = latest(await self.metrics_history(ref, 5))
            if batch:
                yield batch
            await asyncio.sleep(self.metrics_poll_seconds)

    async def close(self) -> None:
        """Close the HTTP sessions and credentials; safe to call twice."""
        await self._monitor.close()
        await self.clients.close()
